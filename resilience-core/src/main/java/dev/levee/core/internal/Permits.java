package dev.levee.core.internal;

/**
 * A permit is a {@code long}, so that the manual permit API allocates nothing: {@code -1} for a
 * rejection; otherwise the generation of the state that granted it (24 bits), and for half-open
 * probes the probe slot (8 bits) and the ticket that holds it (31 bits). An outcome is judged only
 * if its permit's generation is the current state's: outcomes of calls admitted before a transition
 * are dropped, never counted against the new state.
 */
public final class Permits {
  /** What {@code tryAcquire} returns when the call is not permitted. */
  public static final long NOT_PERMITTED = -1L;

  static final int GEN_MASK = (1 << 24) - 1;
  private static final int GEN_SHIFT = 39;
  private static final int SLOT_SHIFT = 31;
  private static final long TICKET_MASK = 0x7fff_ffffL;

  private Permits() {}

  static long of(int generation) {
    return ((long) (generation & GEN_MASK)) << GEN_SHIFT;
  }

  static long probe(int generation, int slot, int ticket) {
    return of(generation) | ((long) (slot + 1) << SLOT_SHIFT) | (ticket & TICKET_MASK);
  }

  static int generation(long permit) {
    return (int) (permit >>> GEN_SHIFT) & GEN_MASK;
  }

  static int slot(long permit) {
    return ((int) (permit >>> SLOT_SHIFT) & 0xff) - 1;
  }

  static int ticket(long permit) {
    return (int) (permit & TICKET_MASK);
  }
}
