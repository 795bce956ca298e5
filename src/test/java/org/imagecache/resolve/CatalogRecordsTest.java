package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.junit.jupiter.api.Test;

/** The per-file records a catalog image becomes: a VM's disk is a disk, not a root filesystem. */
class CatalogRecordsTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  private static String fp(int n) {
    return String.format("%064x", n);
  }

  private static RemoteImage image(ImageType type, RemoteFile... files) {
    long size = 0;
    for (RemoteFile f : files) {
      size += f.size();
    }
    return new RemoteImage(Fingerprint.of(fp(1)), "x86_64", type, List.of("a"), Map.of(), size, T, null, List.of(files));
  }

  @Test
  void aVirtualMachinesSecondFileIsItsDisk() {
    RemoteImage vm = image(ImageType.VIRTUAL_MACHINE,
        new RemoteFile(RemoteFile.Role.META, "lxd.tar.xz", "images/a/lxd.tar.xz", 10, fp(2)),
        new RemoteFile(RemoteFile.Role.ROOT, "disk-kvm.img", "images/a/disk.qcow2", 20, fp(3)));

    assertThat(CatalogRecords.files(vm)).containsExactly(
        new ImageFile(ImageFile.Role.METADATA, "lxd.tar.xz", 10, fp(2), "lxd.tar.xz"),
        new ImageFile(ImageFile.Role.DISK, "disk-kvm.img", 20, fp(3), "disk.qcow2"));
  }

  @Test
  void aContainersSecondFileIsItsRootfs_andAUnifiedTarballIsOneFile() {
    RemoteImage split = image(ImageType.CONTAINER,
        new RemoteFile(RemoteFile.Role.META, "lxd.tar.xz", "m/lxd.tar.xz", 10, fp(2)),
        new RemoteFile(RemoteFile.Role.ROOT, "squashfs", "m/rootfs.squashfs", 20, fp(3)));
    RemoteImage unified = image(ImageType.CONTAINER,
        new RemoteFile(RemoteFile.Role.UNIFIED, "lxd_combined.tar.gz", "u/lxd.tar.gz", 30, fp(1)));

    assertThat(CatalogRecords.files(split)).extracting(ImageFile::role).containsExactly(ImageFile.Role.METADATA, ImageFile.Role.ROOTFS);
    assertThat(CatalogRecords.files(unified)).containsExactly(
        new ImageFile(ImageFile.Role.UNIFIED, "lxd_combined.tar.gz", 30, fp(1), "lxd.tar.gz"));
  }
}
