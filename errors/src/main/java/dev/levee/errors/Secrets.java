package dev.levee.errors;

/**
 * Recognises metadata keys whose values must never be shown: passwords, secrets, tokens, keys and
 * credentials.
 *
 * <p>A key is secret when it contains, ignoring case, any of {@code password}, {@code passwd},
 * {@code pwd}, {@code secret}, {@code token}, {@code key}, {@code credential} or {@code auth}. The
 * match is deliberately broad: masking a harmless value ({@code monkey}) costs nothing, while
 * printing a real credential cannot be undone. This class is thread-safe and allocates nothing.
 */
public final class Secrets {
  /** What is shown in place of a secret value. */
  public static final String MASK = "****";

  private static final String[] MARKERS = {
    "password", "passwd", "pwd", "secret", "token", "key", "credential", "auth"
  };

  private Secrets() {}

  /**
   * Whether values stored under {@code key} must be masked.
   *
   * @param key a metadata key, header or property name; {@code null} is not secret
   * @return {@code true} if the key names something secret
   */
  public static boolean isSecretKey(String key) {
    if (key == null) {
      return false;
    }
    for (String marker : MARKERS) {
      int last = key.length() - marker.length();
      for (int i = 0; i <= last; i++) {
        if (key.regionMatches(true, i, marker, 0, marker.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The value to show for {@code key}: {@link #MASK} if the key is secret, else the value itself.
   *
   * @param key the key the value is stored under
   * @param value the value, possibly {@code null}
   * @return the value, or the mask
   */
  public static String displayValue(String key, String value) {
    return isSecretKey(key) ? MASK : value;
  }
}
