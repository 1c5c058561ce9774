package dev.levee.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Fallback methods: found and judged once, the closest overload called at a failure. */
class FallbackTest {
  /** A bean with overloads of one fallback. */
  static class Bean {
    public String load(long id) {
      return "live";
    }

    String cached(long id, IOException e) {
      return "io " + id;
    }

    String cached(long id, Exception e) {
      return "any " + id;
    }

    public String strict(long id) {
      return "live";
    }

    String onlyTimeouts(long id, TimeoutException e) {
      return "timeout";
    }

    String plain(long id) {
      return "plain " + id;
    }

    int wrongReturn(long id) {
      return 1;
    }

    public List<String> names(long id) {
      return List.of("live");
    }

    List<Integer> numbers(long id, Exception e) {
      return List.of(1);
    }

    ArrayList<String> cachedNames(long id) {
      return new ArrayList<>(List.of("cached"));
    }

    public <T> T any(Class<T> type) {
      return null;
    }

    <T> T anyFallback(Class<T> type, Exception e) {
      return null;
    }
  }

  private static Method load() throws NoSuchMethodException {
    return Bean.class.getMethod("load", long.class);
  }

  @Test
  void theOverloadClosestToTheFailureIsCalled() throws Throwable {
    List<String> problems = new ArrayList<>();
    Fallback f = Fallback.find(Bean.class, load(), "cached", "Bean.load(long)", problems);
    assertThat(problems).isEmpty();
    Object[] args = {7L};
    assertThat(f.invoke(new Bean(), args, new java.io.FileNotFoundException())).isEqualTo("io 7");
    assertThat(f.invoke(new Bean(), args, new IllegalStateException())).isEqualTo("any 7");
  }

  @Test
  void aFailureNoOverloadTakesIsThrownAsItIs() throws Throwable {
    List<String> problems = new ArrayList<>();
    Fallback f = Fallback.find(Bean.class, load(), "onlyTimeouts", "Bean.load(long)", problems);
    UncheckedIOException failure = new UncheckedIOException(new IOException("down"));
    assertThatThrownBy(() -> f.invoke(new Bean(), new Object[] {1L}, failure)).isSameAs(failure);
    assertThat(f.invoke(new Bean(), new Object[] {1L}, new TimeoutException()))
        .isEqualTo("timeout");
  }

  @Test
  void aFallbackWithoutTheExceptionTakesAnyException() throws Throwable {
    List<String> problems = new ArrayList<>();
    Fallback f = Fallback.find(Bean.class, load(), "plain", "Bean.load(long)", problems);
    assertThat(f.invoke(new Bean(), new Object[] {3L}, new RuntimeException()))
        .isEqualTo("plain 3");
  }

  @Test
  void aReturnTypeThatDoesNotFitIsAProblem() throws Exception {
    List<String> problems = new ArrayList<>();
    assertThat(Fallback.find(Bean.class, load(), "wrongReturn", "Bean.load(long)", problems))
        .isNull();
    assertThat(problems)
        .containsExactly(
            "Bean.load(long): fallbackMethod \"wrongReturn\" does not fit: wrongReturn(long)"
                + " returning int; it must take (long) or (long, an exception) and return String");
  }

  @Test
  void aGenericReturnTypeMustFitItsTypeArgumentsToo() throws Exception {
    Method names = Bean.class.getMethod("names", long.class);
    List<String> problems = new ArrayList<>();
    assertThat(Fallback.find(Bean.class, names, "numbers", "Bean.names(long)", problems)).isNull();
    assertThat(problems)
        .as("a List<Integer> is no List<String>, though both erase to List")
        .containsExactly(
            "Bean.names(long): fallbackMethod \"numbers\" does not fit: numbers(long, Exception)"
                + " returning List<Integer>; it must take (long) or (long, an exception) and"
                + " return List<String>");
    problems.clear();
    assertThat(Fallback.find(Bean.class, names, "cachedNames", "Bean.names(long)", problems))
        .isNotNull();
    Method any = Bean.class.getMethod("any", Class.class);
    assertThat(Fallback.find(Bean.class, any, "anyFallback", "Bean.any(Class)", problems))
        .as("type variables are not judged")
        .isNotNull();
    assertThat(problems).isEmpty();
  }
}
