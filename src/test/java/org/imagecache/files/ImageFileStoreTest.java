package org.imagecache.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Fingerprints.fp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.imagecache.failure.FileVerificationException;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileStoreTest {
  private static final byte[] BYTES = "metadata tarball bytes, long enough to be written in pieces".getBytes(StandardCharsets.UTF_8);
  private static final Fingerprint FP = fp("ab");

  @TempDir Path tmp;
  private Path dir;
  private ImageFileStore store;

  @BeforeEach
  void createStore() throws IOException {
    dir = Files.createDirectory(tmp.resolve("images"));
    store = new ImageFileStore(dir);
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(PartialFile.sha256().digest(bytes));
  }

  /** Puts bytes {@code from} to {@code to} in as a download does: read into the room the file offers. */
  private static void fill(PartialFile file, byte[] bytes, int from, int to) {
    for (int off = from; off < to; ) {
      ByteBuffer room = file.room();
      int n = Math.min(room.remaining(), to - off);
      room.put(bytes, off, n);
      file.filled(n);
      off += n;
    }
  }

  private static void fill(PartialFile file, byte[] bytes) {
    fill(file, bytes, 0, bytes.length);
  }

  /** Writes the bytes in three pieces. */
  private static void writeInPieces(PartialFile file, byte[] bytes) {
    int third = bytes.length / 3;
    fill(file, bytes, 0, third);
    fill(file, bytes, third, 2 * third);
    fill(file, bytes, 2 * third, bytes.length);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> partials() throws IOException {
    return names().stream().filter(n -> n.endsWith(".partial")).toList();
  }

  private void put(Path file, int size) throws IOException {
    Files.write(file, new byte[size]);
  }

  @Test
  void write_ofTheRightBytesVerifiesAndCommitsAtomically() throws IOException {
    PartialFile file = store.begin(store.metaPath(FP), BYTES.length);
    writeInPieces(file, BYTES);

    assertThat(file.written()).as("what a reader of the temp file may read: what it holds").isEqualTo(Files.size(file.temp()));
    assertThat(store.metaPath(FP)).doesNotExist();
    assertThat(partials()).hasSize(1);

    file.seal();
    assertThat(file.written()).isEqualTo(BYTES.length);
    assertThat(Files.readAllBytes(file.temp())).isEqualTo(BYTES);
    assertThat(store.metaPath(FP)).doesNotExist();
    assertThat(file.commit()).isEqualTo(store.metaPath(FP));

    assertThat(Files.readAllBytes(store.metaPath(FP))).isEqualTo(BYTES);
    assertThat(names()).containsExactly(FP.hex());
  }

  @Test
  void write_ofTheRootfsCommitsToTheRootfsPath() throws IOException {
    try (PartialFile file = store.begin(store.secondPath(FP, FileLayout.CONTAINER), BYTES.length)) {
      fill(file, BYTES);
      file.seal();
      file.commit();
    }

    assertThat(names()).containsExactly(FP.hex() + ".rootfs");
    assertThat(Files.readAllBytes(store.secondPath(FP, FileLayout.CONTAINER))).isEqualTo(BYTES);
  }

  @Test
  void room_neverOffersMoreThanTheFileLacks_andMoreIsRefused() throws IOException {
    PartialFile file = store.begin(store.metaPath(FP), BYTES.length - 1);
    assertThat(file.room().remaining()).isEqualTo(BYTES.length - 1);
    fill(file, BYTES, 0, 10);
    assertThat(file.room().remaining()).isEqualTo(BYTES.length - 11);
    fill(file, BYTES, 10, BYTES.length - 1);
    assertThat(file.room().remaining()).as("the file is whole").isZero();
    assertThatThrownBy(() -> file.filled(1))
        .isInstanceOfSatisfying(FileVerificationException.class, e -> assertThat(e.reason()).isEqualTo("size_mismatch"))
        .hasMessageContaining(FP.hex());
    assertThat(names()).as("the temp file is gone").isEmpty();
  }


  @Test
  void verify_ofTooFewBytesIsRefused() throws IOException {
    PartialFile file = store.begin(store.metaPath(FP), BYTES.length);
    fill(file, BYTES, 0, BYTES.length - 1);

    assertThatThrownBy(file::seal)
        .isInstanceOfSatisfying(FileVerificationException.class, e -> assertThat(e.reason()).isEqualTo("size_mismatch"))
        .hasMessageContaining("got " + (BYTES.length - 1) + " bytes, expected " + BYTES.length);
    assertThat(names()).isEmpty();
  }

  @Test
  void digestOnDisk_readsTheSealedBytesBack() throws IOException {
    byte[] other = Arrays.copyOf(BYTES, BYTES.length);
    other[0] ^= 1;
    PartialFile file = store.begin(store.metaPath(FP), other.length);
    writeInPieces(file, other);
    file.seal();

    assertThat(file.digestOnDisk()).isEqualTo(sha256(other));
    file.discard();
    assertThat(names()).isEmpty();
  }


  /** The metadata file of FP written whole and sealed, not yet committed. */
  private PartialFile sealedMeta() {
    PartialFile file = store.begin(store.metaPath(FP), BYTES.length);
    fill(file, BYTES);
    file.seal();
    return file;
  }

  @Test
  void syncDirectory_ofTheStoreSucceeds() throws IOException {
    sealedMeta().commit();

    store.syncDirectory();

    assertThat(names()).containsExactly(FP.hex());
  }

  @Test
  void discard_beforeCommitRemovesTheTempFile() throws IOException {
    PartialFile file = sealedMeta();
    assertThat(partials()).hasSize(1);

    file.discard();

    assertThat(names()).isEmpty();
  }

  @Test
  void discard_afterCommitKeepsTheFile() throws IOException {
    PartialFile file = sealedMeta();
    file.commit();

    file.discard();

    assertThat(names()).containsExactly(FP.hex());
  }

  @Test
  void commit_beforeSealIsRefused() throws IOException {
    PartialFile file = store.begin(store.metaPath(FP), BYTES.length);
    fill(file, BYTES);

    assertThatThrownBy(file::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("before seal");

    assertThat(store.metaPath(FP)).doesNotExist();
    file.close();
    assertThat(names()).isEmpty();
  }

  @Test
  void begin_refusesAFileOutsideTheStore() {
    assertThatThrownBy(() -> store.begin(tmp.resolve(FP.hex()), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void has_needsTheRootfsOnlyForSplitImages() throws IOException {
    assertThat(store.has(FP, FileLayout.UNIFIED)).isFalse();
    put(store.metaPath(FP), 10);

    assertThat(store.has(FP, FileLayout.UNIFIED)).isTrue();
    assertThat(store.has(FP, FileLayout.CONTAINER)).isFalse();

    put(store.secondPath(FP, FileLayout.CONTAINER), 20);

    assertThat(store.has(FP, FileLayout.CONTAINER)).isTrue();
  }

  @Test
  void has_aVirtualMachineNeedsItsDiskNotARootfs() throws IOException {
    put(store.metaPath(FP), 10);
    put(store.directory().resolve(FP.hex() + ".rootfs"), 20);
    assertThat(store.has(FP, FileLayout.VIRTUAL_MACHINE)).isFalse();

    put(store.secondPath(FP, FileLayout.VIRTUAL_MACHINE), 20);
    assertThat(store.secondPath(FP, FileLayout.VIRTUAL_MACHINE)).hasFileName(FP.hex() + ".disk");
    assertThat(store.has(FP, FileLayout.VIRTUAL_MACHINE)).isTrue();
    assertThat(store.shapeProblem(FP, FileLayout.VIRTUAL_MACHINE, 30)).isEmpty();
  }

  @Test
  void renameVirtualMachineDisks_movesAnOlderStoresRootfsOfAVmToDisk_andLeavesContainersAlone() throws IOException {
    Fingerprint container = fp("cd");
    Fingerprint movedBefore = fp("ef");
    put(store.metaPath(FP), 10);
    Files.write(store.directory().resolve(FP.hex() + ".rootfs"), BYTES);
    put(store.metaPath(container), 10);
    put(store.secondPath(container, FileLayout.CONTAINER), 5);
    put(store.secondPath(movedBefore, FileLayout.VIRTUAL_MACHINE), 7);

    assertThat(store.renameVirtualMachineDisks(Set.of(FP, movedBefore))).isEqualTo(1);

    assertThat(Files.readAllBytes(store.secondPath(FP, FileLayout.VIRTUAL_MACHINE))).isEqualTo(BYTES);
    assertThat(names()).containsExactlyInAnyOrder(FP.hex(), FP.hex() + ".disk", container.hex(), container.hex() + ".rootfs",
        movedBefore.hex() + ".disk");
    assertThat(store.renameVirtualMachineDisks(Set.of(FP, movedBefore))).as("a second start moves nothing").isZero();
  }

  @Test
  void delete_andSweep_knowADiskForAnImageFile() throws IOException {
    Fingerprint orphan = fp("cd");
    put(store.metaPath(FP), 10);
    put(store.secondPath(FP, FileLayout.VIRTUAL_MACHINE), 20);
    put(store.secondPath(orphan, FileLayout.VIRTUAL_MACHINE), 3);

    assertThat(store.sizeOf(FP)).isEqualTo(30);
    assertThat(store.listImageFiles()).hasSize(3);
    store.sweep(Set.of(FP));
    assertThat(names()).containsExactlyInAnyOrder(FP.hex(), FP.hex() + ".disk");
    assertThat(store.delete(FP)).isEqualTo(30);
    assertThat(names()).isEmpty();
  }

  @Test
  void delete_removesBothFilesAndReturnsTheBytesFreed() throws IOException {
    put(store.metaPath(FP), 10);
    put(store.secondPath(FP, FileLayout.CONTAINER), 20);
    put(store.metaPath(fp("cd")), 5);

    assertThat(store.sizeOf(FP)).isEqualTo(30);
    assertThat(store.usedBytes()).isEqualTo(35);
    assertThat(store.delete(FP)).isEqualTo(30);

    assertThat(store.delete(FP)).isZero();
    assertThat(names()).containsExactly(fp("cd").hex());
    assertThat(store.sizeOf(FP)).isZero();
  }

  @Test
  void sweep_removesTempFilesAndUnreferencedImagesOnly() throws IOException {
    Fingerprint kept = fp("aa");
    Fingerprint orphan = fp("bb");
    put(store.metaPath(kept), 1);
    put(store.secondPath(kept, FileLayout.CONTAINER), 1);
    put(store.metaPath(orphan), 1);
    put(store.secondPath(orphan, FileLayout.CONTAINER), 1);
    put(dir.resolve(kept.hex() + ".0b4e.partial"), 1);
    put(dir.resolve("leftover.partial"), 1);
    put(dir.resolve("README"), 1);
    put(dir.resolve(orphan.hex() + ".bak"), 1);
    put(dir.resolve("ABCDEF" + "0".repeat(58)), 1);

    List<Path> removed = store.sweep(Set.of(kept));

    assertThat(removed).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
        orphan.hex(), orphan.hex() + ".rootfs", kept.hex() + ".0b4e.partial", "leftover.partial");
    assertThat(names()).containsExactlyInAnyOrder(
        kept.hex(), kept.hex() + ".rootfs", "README", orphan.hex() + ".bak", "ABCDEF" + "0".repeat(58));
  }

  @Test
  void sweep_ofAnEmptyStoreRemovesNothing() {
    assertThat(store.sweep(Set.of())).isEmpty();
  }

  @Test
  void sweep_leavesStrayDirectoriesAloneInsteadOfFailing() throws IOException {
    Fingerprint orphan = fp("cc");
    Files.createDirectories(store.secondPath(orphan, FileLayout.CONTAINER));
    Files.createDirectories(dir.resolve("x.partial"));
    put(store.secondPath(orphan, FileLayout.CONTAINER).resolve("sub"), 1);
    put(dir.resolve("x.partial").resolve("sub"), 1);
    put(store.metaPath(orphan), 1);

    List<Path> removed = store.sweep(Set.of());

    assertThat(removed).extracting(p -> p.getFileName().toString()).containsExactly(orphan.hex());
    assertThat(store.secondPath(orphan, FileLayout.CONTAINER).resolve("sub")).isRegularFile();
    assertThat(dir.resolve("x.partial").resolve("sub")).isRegularFile();
    assertThat(store.listImageFiles()).isEmpty();
  }
}
