package dev.levee.common.internal;

import java.util.Collection;

/** The known key closest to a mistyped one, by edit distance, if it is close enough. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The closest candidate within a third of the key's length (at least 2 edits).
   *
   * @param key the unknown key
   * @param candidates the known keys
   * @return the suggestion, or {@code null}
   */
  public static String closest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = Math.max(2, key.length() / 3);
    for (String c : candidates) {
      int d = distance(key, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return bestDistance <= limit ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
