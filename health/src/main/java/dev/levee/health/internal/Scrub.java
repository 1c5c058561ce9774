package dev.levee.health.internal;

import java.util.regex.Pattern;

/**
 * Removes credentials from text bound for a health endpoint: {@code user:password@} in URLs and
 * {@code password=...}-style parameters (JDBC URLs, connection strings). Error messages from
 * drivers quote their URL more often than one would like.
 */
public final class Scrub {
  // Up to the last '@' of the URL: a password may hold '/' or '@' (unencoded, but drivers quote
  // what they were given). Masking too much is safe; masking too little is not.
  private static final Pattern USER_INFO = Pattern.compile("(://)\\S*@");
  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)((?:password|passwd|pwd|secret|token|apikey|api_key|credentials?)[\"']?\\s*[=:]"
              + "\\s*[\"']?)[^;&,\\s)\"']+");

  private Scrub() {}

  /**
   * The text with credentials masked.
   *
   * @param text the text, or {@code null}
   * @return the text with {@code ****} in place of each credential, or {@code null}
   */
  public static String credentials(String text) {
    if (text == null) {
      return null;
    }
    String out = USER_INFO.matcher(text).replaceAll("$1****@");
    return PARAMETER.matcher(out).replaceAll("$1****");
  }
}
