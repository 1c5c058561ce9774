package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Valid files, broken at random (characters deleted, inserted, replaced; lines duplicated, swapped,
 * re-indented; YAML tokens, tags, anchors and aliases, control characters, huge and non-finite
 * numbers, deep nesting, alias bombs; truncation; bytes that are not UTF-8), either load or fail
 * with a {@link ConfigException} whose every problem says where: a path, a line, or the file. Never
 * another exception: no NullPointerException, ClassCastException, parser exception or stack
 * overflow.
 */
class LeveeConfigMutationProperties {
  /** The README's example. */
  static final String README =
      """
      resilience:
        circuit_breaker:
          failure_threshold: 5
          success_threshold: 2
          timeout: 30s
          max_requests_half_open: 3
          instances:
            db: { failure_threshold: 3 }
        retry: { max_retries: 3, backoff: { initial: 50ms, multiplier: 2, max: 2s, jitter: full } }
        rate_limiter: { permits: 100, period: 1s, burst: 20 }
        bulkhead: { max_concurrent: 25, max_wait: 0s }
        timeouts: { proposal: 5s, health_check: 2s, rebalance: 30s, heartbeat_interval: 10s, heartbeat_timeout: 30s }
      health:
        check_interval: 5s
        http: { enabled: true, port: 8080, bind_address: "0.0.0.0" }
        checks:
          db: { groups: [ready], failure_attempts: 3 }
      metrics: { enabled: true, port: 9090, path: "/metrics" }
      logging: { level: info, format: json }
      """;

  /** Block style throughout, anchors, aliases and merge keys, numbers of both kinds. */
  static final String ANCHORED =
      """
      # Levee, block style
      resilience:
        circuit_breaker:
          count_window: 50
          minimum_calls: 10
          failure_rate_threshold: 25.5
          timeout: &open 45s
          instances:
            db: &db
              count_window: 20
              minimum_calls: 5
            search:
              <<: *db
              timeout: *open
        retry:
          max_retries: 2
          transient_multiplier: 3.5
          backoff:
            initial: 100ms
            multiplier: 1.5
            max: 10s
            jitter: decorrelated
          instances:
            partner: { <<: [ { max_retries: 1 } ], max_duration: PT5S }
        rate_limiter:
          permits: 1_000
          period: 1m
          burst: 200
          prefetch: 10
        timeouts:
          db.query: 300ms
          default: 1s
      health:
        checks:
          db:
            groups:
              - ready
              - started
            critical: false
            stale_after: 1m
          deadlocks: { groups: live, interval: 10s }
      metrics:
        prefix: levee
      logging:
        level: "warn"
        format: 'console'
      """;

  private static final List<String> VALID = List.of(README, LeveeConfigTest.PLAN, ANCHORED);

  private static final List<String> TOKENS =
      List.of(
          "&a ",
          "*a",
          "<<: ",
          "<<: *a",
          "&a [*a]",
          "{",
          "}",
          "[",
          "]",
          ":",
          ": ",
          "- ",
          ",",
          "?",
          "? ",
          "\"\"",
          "''",
          "\" \": ",
          "!!binary ",
          "!!python/object:os.system ",
          "!!int ",
          "!!float ",
          "!custom ",
          "! ",
          "\t",
          "\u0000",
          "\u0007",
          "\r",
          "\n",
          " ",
          "  ",
          "#",
          "\"",
          "'",
          "|",
          ">",
          "%",
          "@",
          "`",
          "~",
          "---\n",
          "...\n",
          "null",
          ".nan",
          ".inf",
          "-.inf",
          "1e400",
          "99999999999",
          "2.5",
          "-1",
          "0x1F",
          "é",
          "\uD83D\uDE00",
          "\uFEFF",
          "\u0085",
          "\u2028",
          "[".repeat(300),
          "{a: ".repeat(60),
          "- ".repeat(80));

  private static final List<String> NUMBERS =
      List.of(
          ".nan",
          ".NaN",
          ".inf",
          "-.inf",
          "+.inf",
          "1e400",
          "-1e400",
          "99999999999",
          "-99999999999",
          "9".repeat(60),
          "2.5",
          "0.0",
          "-0",
          "1e-400",
          "0x7fffffff",
          "0o777",
          "1_000_000",
          "3.0");

  /** One change to a file's text. Positions are taken modulo the text's length. */
  sealed interface Mutation {
    String apply(String text);
  }

  record Delete(int at, int length) implements Mutation {
    @Override
    public String apply(String t) {
      if (t.isEmpty()) {
        return t;
      }
      int from = at % t.length();
      return t.substring(0, from) + t.substring(Math.min(t.length(), from + length));
    }
  }

  record Insert(int at, String what) implements Mutation {
    @Override
    public String apply(String t) {
      int i = t.isEmpty() ? 0 : at % (t.length() + 1);
      return t.substring(0, i) + what + t.substring(i);
    }
  }

  record Replace(int at, String what) implements Mutation {
    @Override
    public String apply(String t) {
      if (t.isEmpty()) {
        return what;
      }
      int i = at % t.length();
      return t.substring(0, i) + what + t.substring(i + 1);
    }
  }

  record DuplicateLine(int line) implements Mutation {
    @Override
    public String apply(String t) {
      List<String> lines = lines(t);
      int i = line % lines.size();
      lines.add(i, lines.get(i));
      return String.join("\n", lines);
    }
  }

  record SwapLines(int a, int b) implements Mutation {
    @Override
    public String apply(String t) {
      List<String> lines = lines(t);
      int i = a % lines.size();
      int j = b % lines.size();
      String x = lines.get(i);
      lines.set(i, lines.get(j));
      lines.set(j, x);
      return String.join("\n", lines);
    }
  }

  record Indent(int line, int by) implements Mutation {
    @Override
    public String apply(String t) {
      List<String> lines = lines(t);
      int i = line % lines.size();
      String l = lines.get(i);
      lines.set(i, by >= 0 ? " ".repeat(by) + l : l.substring(Math.min(-by, leading(l))));
      return String.join("\n", lines);
    }

    private static int leading(String l) {
      int n = 0;
      while (n < l.length() && l.charAt(n) == ' ') {
        n++;
      }
      return n;
    }
  }

  record Truncate(int at) implements Mutation {
    @Override
    public String apply(String t) {
      return t.isEmpty() ? t : t.substring(0, at % t.length());
    }
  }

  /** Replaces one of the numbers in the text. */
  record Renumber(int which, String number) implements Mutation {
    private static final Pattern NUMBER = Pattern.compile("(?<=: )-?[0-9][0-9_.]*(?=[\\s,}\\]])");

    @Override
    public String apply(String t) {
      Matcher m = NUMBER.matcher(t);
      List<int[]> found = new ArrayList<>();
      while (m.find()) {
        found.add(new int[] {m.start(), m.end()});
      }
      if (found.isEmpty()) {
        return t;
      }
      int[] at = found.get(which % found.size());
      return t.substring(0, at[0]) + number + t.substring(at[1]);
    }
  }

  /** Appends a billion laughs under a key of its own. */
  record AliasBomb(int levels) implements Mutation {
    @Override
    public String apply(String t) {
      StringBuilder out = new StringBuilder(t).append("\nbomb0: &b0 [lol, lol, lol, lol, lol]\n");
      for (int i = 1; i <= levels; i++) {
        String p = "*b" + (i - 1);
        out.append("bomb").append(i).append(": &b").append(i).append(" [");
        out.append(String.join(", ", p, p, p, p, p, p, p, p, p, p)).append("]\n");
      }
      return out.toString();
    }
  }

  private static List<String> lines(String t) {
    return new ArrayList<>(Arrays.asList(t.split("\n", -1)));
  }

  @Provide
  Arbitrary<String> valid() {
    return Arbitraries.of(VALID);
  }

  @Provide
  Arbitrary<Mutation> mutation() {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 5000);
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(TOKENS),
            Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(3));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(at, Arbitraries.integers().between(1, 20)).as(Delete::new)),
        Tuple.of(5, Combinators.combine(at, token).as(Insert::new)),
        Tuple.of(3, Combinators.combine(at, token).as(Replace::new)),
        Tuple.of(2, at.map(DuplicateLine::new)),
        Tuple.of(2, Combinators.combine(at, at).as(SwapLines::new)),
        Tuple.of(2, Combinators.combine(at, Arbitraries.integers().between(-6, 6)).as(Indent::new)),
        Tuple.of(1, at.map(Truncate::new)),
        Tuple.of(3, Combinators.combine(at, Arbitraries.of(NUMBERS)).as(Renumber::new)),
        Tuple.of(1, Arbitraries.integers().between(2, 9).map(AliasBomb::new)));
  }

  @Example
  void theFilesBrokenAreValid() {
    for (String file : VALID) {
      assertThat(LeveeConfig.load(file).circuitBreakers()).isNotEmpty();
    }
    assertThat(LeveeConfig.load(ANCHORED).circuitBreakers().get("search").windowSize())
        .as("merged from db")
        .isEqualTo(20);
  }

  @Example
  void aKeyWithAControlCharacterIsNamedEscapedAndStillSaysWhere() {
    String text = "lo\tgging: {}\n";
    Throwable t = catchThrowable(() -> LeveeConfig.load(text));
    assertThat(((ConfigException) t).problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("\"lo\\tgging\": unknown key");
    assertSaysWhere(t, text, null);
  }

  @Property(tries = 1000)
  void aBrokenFileLoadsOrFailsWithProblemsThatSayWhere(
      @ForAll("valid") String file,
      @ForAll @Size(min = 1, max = 6) List<@From("mutation") Mutation> changes) {
    String text = file;
    for (Mutation m : changes) {
      text = m.apply(text);
    }
    String yaml = text;
    Throwable t = catchThrowable(() -> LeveeConfig.load(yaml));
    assertSaysWhere(t, yaml, null);
  }

  /**
   * A byte that breaks UTF-8 where it is put (or, for the last, a whole but unpaired surrogate).
   */
  private static final List<byte[]> BAD_BYTES =
      List.of(
          new byte[] {(byte) 0xff},
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xc3},
          new byte[] {(byte) 0xc0, (byte) 0x80},
          new byte[] {(byte) 0xe2, (byte) 0x82},
          new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          new byte[] {0});

  @Property(tries = 300)
  void brokenBytesThroughAFileLoadOrFailWithOneLineOrProblemsThatSayWhere(
      @ForAll("valid") String file,
      @ForAll @Size(max = 3) List<@From("mutation") Mutation> changes,
      @ForAll @Size(max = 3) List<@From("badByte") int[]> badBytes)
      throws IOException {
    String text = file;
    for (Mutation m : changes) {
      text = m.apply(text);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int[] b : badBytes) {
      byte[] bad = BAD_BYTES.get(b[0]);
      int at = bytes.length == 0 ? 0 : b[1] % (bytes.length + 1);
      byte[] next = new byte[bytes.length + bad.length];
      System.arraycopy(bytes, 0, next, 0, at);
      System.arraycopy(bad, 0, next, at, bad.length);
      System.arraycopy(bytes, at, next, at + bad.length, bytes.length - at);
      bytes = next;
    }
    Path path = Files.createTempFile("levee", ".yaml");
    try {
      Files.write(path, bytes);
      Throwable t = catchThrowable(() -> LeveeConfig.load(path));
      String decoded = utf8(bytes);
      if (decoded == null) {
        assertThat(t).isInstanceOf(ConfigException.class);
        assertThat(t.getMessage())
            .startsWith(path + ": not UTF-8 (invalid byte 0x")
            .doesNotContain("\n");
      } else {
        assertSaysWhere(t, decoded, path.toString());
      }
    } finally {
      Files.delete(path);
    }
  }

  @Provide
  Arbitrary<int[]> badByte() {
    return Combinators.combine(
            Arbitraries.integers().between(0, BAD_BYTES.size() - 1),
            Arbitraries.integers().between(0, 5000))
        .as((which, at) -> new int[] {which, at});
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static final Pattern LINE =
      Pattern.compile("(?s)(not valid YAML (at|near) )?line \\d+, column \\d+: .+");

  /** Nothing thrown, or a ConfigException whose every problem says where it is. */
  static void assertSaysWhere(Throwable t, String text, String file) {
    if (t == null) {
      return;
    }
    assertThat(t).as("for:\n%s", text).isInstanceOf(ConfigException.class);
    List<String> problems = ((ConfigException) t).problems();
    assertThat(problems).as("for:\n%s", text).isNotEmpty();
    String flat = flat(text);
    for (String p : problems) {
      assertThat(saysWhere(p, flat, file)).as("%s\nfor:\n%s", p, text).isTrue();
    }
  }

  /**
   * Whether a problem starts with where it is: the file, a line, the root, or a path whose first
   * key is in the text (a problem a builder's message leaked into, {@code rateLimiter "default":
   * ...}, does not).
   */
  private static boolean saysWhere(String p, String flat, String file) {
    if ((file != null && p.startsWith(file + ": ")) || LINE.matcher(p).matches()) {
      return true;
    }
    if (p.startsWith("<root>: ") || p.startsWith("<root>[")) {
      return true;
    }
    int colon = p.indexOf(": ");
    if (colon <= 0) {
      return false;
    }
    String path = p.substring(0, colon);
    if (path.matches("\"\\s*\"(\\..*)?")) {
      return true; // a blank key, quoted
    }
    // The path's first key, which may hold dots itself (an instance named orders.db, a key
    // .nanresilience): some start of the path, up to a dot, a bracket or its end, is in the text.
    // A key with control characters is named quoted and escaped ("lo\tgging"): its text is.
    for (int cut = 1; cut <= path.length(); cut++) {
      if (cut == path.length() || path.charAt(cut) == '.' || path.charAt(cut) == '[') {
        String first = path.substring(0, cut);
        if (!first.isBlank()
            && (flat.contains(flat(first)) || flat.contains(flat(unescaped(first))))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A key as a problem names it quoted and escaped ({@code "lo\tgging"}), as it was written. */
  private static String unescaped(String quoted) {
    if (quoted.length() < 2 || !quoted.startsWith("\"") || !quoted.endsWith("\"")) {
      return quoted;
    }
    String s = quoted.substring(1, quoted.length() - 1).replace("\\n", "\n").replace("\\t", "\t");
    Matcher m = Pattern.compile("\\\\u([0-9a-f]{4})").matcher(s);
    return m.replaceAll(
        r -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(r.group(1), 16))));
  }

  /** Text with YAML's folding undone: runs of white space as one space, {@code ''} as {@code '}. */
  private static String flat(String text) {
    return text.replace("''", "'").replaceAll("\\s+", " ").strip();
  }
}
