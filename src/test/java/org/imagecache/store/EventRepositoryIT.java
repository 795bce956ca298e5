package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.imagecache.image.CacheEvent;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRepositoryIT {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00.250Z");
  private static final String FP_A = "a".repeat(64);
  private static final String FP_B = "b".repeat(64);

  @TempDir Path dir;
  private final EventRepository events = new EventRepository();
  private Session session;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  private CacheEvent append(int second, String kind, String fingerprint) {
    return events.append(session, CacheEvent.of(T0.plusSeconds(second), kind, fingerprint, "default"));
  }

  private List<Long> ids(CacheEvent.Query q) {
    return events.page(session, q).stream().map(CacheEvent::id).toList();
  }

  @Test
  void append_assignsIdsAndKeepsEveryField() {
    CacheEvent event = CacheEvent.of(T0, "image-deleted", FP_A, "default")
        .withReason("expired").withBytes(123L).withDetail("unused for 10 days");

    CacheEvent stored = events.append(session, event);
    CacheEvent second = append(1, "image-downloaded", null);

    assertThat(stored.id()).isPositive();
    assertThat(second.id()).isGreaterThan(stored.id());
    assertThat(events.page(session, new CacheEvent.Query(null, null, 0, 10)))
        .containsExactly(second, new CacheEvent(stored.id(), T0, "image-deleted", FP_A, "default", "expired", 123L, "unused for 10 days"));
  }

  @Test
  void page_isNewestFirstAndLimited() {
    CacheEvent e1 = append(1, "image-downloaded", FP_A);
    CacheEvent e2 = append(2, "image-downloaded", FP_B);
    CacheEvent e3 = append(3, "image-deleted", FP_A);

    assertThat(ids(new CacheEvent.Query(null, null, 0, 10))).containsExactly(e3.id(), e2.id(), e1.id());
    assertThat(ids(new CacheEvent.Query(null, null, 0, 2))).containsExactly(e3.id(), e2.id());
  }

  @Test
  void page_filtersByKind() {
    CacheEvent e1 = append(1, "image-downloaded", FP_A);
    append(2, "image-deleted", FP_A);
    CacheEvent e3 = append(3, "image-downloaded", FP_B);

    assertThat(ids(new CacheEvent.Query("image-downloaded", null, 0, 10))).containsExactly(e3.id(), e1.id());
  }

  @Test
  void page_filtersByFingerprintPrefix() {
    CacheEvent e1 = append(1, "image-downloaded", FP_A);
    append(2, "image-downloaded", FP_B);
    append(3, "remote-failed", null);
    CacheEvent e4 = append(4, "image-deleted", FP_A);

    assertThat(ids(new CacheEvent.Query(null, "aaaaaaaaaaaa", 0, 10))).containsExactly(e4.id(), e1.id());
    assertThat(ids(new CacheEvent.Query("image-deleted", "aaaa", 0, 10))).containsExactly(e4.id());
  }

  @Test
  void page_beforeIdGivesTheNextPage() {
    List<CacheEvent> all = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(append(i, "image-downloaded", FP_A));
    }

    List<CacheEvent> page1 = events.page(session, new CacheEvent.Query(null, null, 0, 2));
    List<CacheEvent> page2 = events.page(session, new CacheEvent.Query(null, null, page1.get(1).id(), 2));
    List<CacheEvent> page3 = events.page(session, new CacheEvent.Query(null, null, page2.get(1).id(), 2));

    assertThat(page1).containsExactly(all.get(4), all.get(3));
    assertThat(page2).containsExactly(all.get(2), all.get(1));
    assertThat(page3).containsExactly(all.get(0));
  }
}
