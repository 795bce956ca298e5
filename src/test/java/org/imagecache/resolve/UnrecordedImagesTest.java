package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageSource;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.testing.Images;
import org.junit.jupiter.api.Test;

class UnrecordedImagesTest {
  static final ImageSource SOURCE = new ImageSource("https://images.example", "simplestreams", "", "ubuntu/24.04");

  final UnrecordedImages unrecorded = new UnrecordedImages();

  private static NewImage newImage(LocalImage image, Optional<ImageSource> source) {
    return new NewImage(image, source, Map.of(), List.of());
  }

  @Test
  void add_givesAProvisionalIdNoRecordHas_andTheSameImageTwiceIsKeptOnce() {
    LocalImage image = Images.cachedImage().fingerprint("aa").build();
    LocalImage first = unrecorded.add(newImage(image, Optional.of(SOURCE)));
    LocalImage again = unrecorded.add(newImage(image, Optional.empty()));
    assertThat(first.provisional()).isTrue();
    assertThat(again).isEqualTo(first);
    assertThat(unrecorded.all()).hasSize(1);
    LocalImage other = unrecorded.add(newImage(Images.cachedImage().fingerprint("bb").build(), Optional.empty()));
    assertThat(other.id()).isNotEqualTo(first.id()).isNegative();
    assertThat(unrecorded.all()).extracting(u -> u.provisional().fingerprint()).containsExactly(first.fingerprint(), other.fingerprint());
  }

  @Test
  void find_byProjectAndFingerprint_orInAnyProject() {
    LocalImage image = Images.cachedImage().project("p1").fingerprint("aa").build();
    LocalImage kept = unrecorded.add(newImage(image, Optional.empty()));
    assertThat(unrecorded.find("p1", image.fingerprint())).contains(kept);
    assertThat(unrecorded.find("default", image.fingerprint())).isEmpty();
    assertThat(unrecorded.findInAnyProject(image.fingerprint())).contains(kept);
    assertThat(unrecorded.findInAnyProject(Fingerprint.of("bb".repeat(32)))).isEmpty();
  }

  @Test
  void findPreferred_onlyACachedImageWithAutoUpdateFromThatSourceArchitectureAndType() {
    LocalImage image = Images.cachedImage().fingerprint("aa").build();
    LocalImage kept = unrecorded.add(newImage(image, Optional.of(SOURCE)));
    unrecorded.add(newImage(Images.image().fingerprint("bb").build(), Optional.of(SOURCE))); // not cached
    LocalImages.PreferKey key = new LocalImages.PreferKey(image.project(), SOURCE.server(), SOURCE.protocol(), SOURCE.alias(),
        image.architecture(), image.type());
    assertThat(unrecorded.findPreferred(key)).contains(kept);
    assertThat(unrecorded.findPreferred(new LocalImages.PreferKey(image.project(), SOURCE.server(), SOURCE.protocol(), "debian/12",
        image.architecture(), image.type()))).isEmpty();
    assertThat(unrecorded.findPreferred(new LocalImages.PreferKey(image.project(), SOURCE.server(), SOURCE.protocol(), SOURCE.alias(),
        image.architecture(), image.type() == ImageType.CONTAINER ? ImageType.VIRTUAL_MACHINE : ImageType.CONTAINER))).isEmpty();
  }

  @Test
  void remove_theImageIsNoLongerAnsweredFromHere() {
    LocalImage image = Images.cachedImage().fingerprint("aa").build();
    unrecorded.add(newImage(image, Optional.empty()));
    unrecorded.remove(unrecorded.all().get(0));
    assertThat(unrecorded.find(image.project(), image.fingerprint())).isEmpty();
    assertThat(unrecorded.isEmpty()).isTrue();
  }
}
