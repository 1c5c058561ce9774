package dev.levee.health.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without {@link java.time.format.DateTimeFormatter}: the status JSON
 * writes a time per breaker and two per check, and the formatter's general machinery costs about
 * half a microsecond each (a tenth of the whole JSON for 1,000 breakers). Same text for every
 * instant: {@code 2026-12-07T12:00:02Z}, with the fraction in groups of three digits when it is not
 * zero ({@code .5} is {@code .500}); instants outside the years 1970 to 9999 take {@link
 * Instant#toString()} itself.
 */
final class IsoInstant {
  /** 10000-01-01T00:00:00Z: from here on the year needs five digits and a sign. */
  private static final long YEAR_10000 = 253_402_300_800L;

  private IsoInstant() {}

  /**
   * The text of {@code at}, as {@link Instant#toString()}.
   *
   * @param at the instant
   * @return its ISO-8601 text
   */
  static String format(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) {
      return at.toString();
    }
    int nano = at.getNano();
    char[] out = new char[30];
    LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
    int ofDay = (int) (seconds % 86_400);
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay % 60, 2);
    int at19 = 19;
    if (nano != 0) {
      out[at19++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(out, at19, nano / 1_000_000, 3);
        at19 += 3;
      } else if (nano % 1000 == 0) {
        digits(out, at19, nano / 1000, 6);
        at19 += 6;
      } else {
        digits(out, at19, nano, 9);
        at19 += 9;
      }
    }
    out[at19++] = 'Z';
    return new String(out, 0, at19);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
