package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
      CircuitBreaker.registry(CircuitBreakerConfig.defaults());

  @Test
  void createsFromTemplatesOnceAndListsByName() {
    CircuitBreakerConfig slow = CircuitBreakerConfig.builder("slow").consecutiveFailures(2).build();
    breakers.addTemplate("slow", slow);
    CircuitBreaker db = breakers.getOrCreate("db");
    CircuitBreaker search = breakers.getOrCreate("search", "slow");
    assertThat(breakers.getOrCreate("db")).isSameAs(db);
    assertThat(breakers.getOrCreate("search", "default")).as("existing wins").isSameAs(search);
    assertThat(search.config()).isSameAs(slow);
    assertThat(db.config().failureThreshold()).isEqualTo(5);
    assertThat(breakers.all()).containsOnlyKeys("db", "search");
    assertThat(breakers.find("nope")).isEmpty();
    assertThat(breakers.template("slow")).contains(slow);
  }

  @Test
  void listenersFollowAdditionsAndRemovalsAndCanReplay() {
    breakers.getOrCreate("early");
    List<String> events = new CopyOnWriteArrayList<>();
    Registry.Listener<CircuitBreaker> listener =
        new Registry.Listener<>() {
          @Override
          public void onAdded(String name, CircuitBreaker instance) {
            events.add("+" + name);
          }

          @Override
          public void onRemoved(String name, CircuitBreaker instance) {
            events.add("-" + name);
          }
        };
    breakers.addListener(listener, true);
    breakers.getOrCreate("late");
    breakers.getOrCreate("late");
    assertThat(breakers.remove("early")).isPresent();
    assertThat(breakers.remove("early")).isEmpty();
    assertThat(events).containsExactly("+early", "+late", "-early");
    assertThat(breakers.removeListener(listener)).isTrue();
  }

  @Test
  void concurrentGetOrCreateMakesOneInstanceAndOneEvent() throws Exception {
    List<String> added = new CopyOnWriteArrayList<>();
    breakers.addListener(
        new Registry.Listener<>() {
          @Override
          public void onAdded(String name, CircuitBreaker instance) {
            added.add(name);
          }
        },
        false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CircuitBreaker>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return breakers.getOrCreate("shared");
                }));
      }
      go.countDown();
      CircuitBreaker first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<CircuitBreaker> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(added).containsExactly("shared");
  }

  @Test
  void badNamesAndUnknownTemplatesFailClearly() {
    assertThatThrownBy(() -> breakers.getOrCreate(" "))
        .hasMessage("circuitBreaker: name must not be blank, was \" \"");
    assertThatThrownBy(() -> breakers.getOrCreate("db", "fast"))
        .hasMessage(
            "circuitBreaker \"db\": no template named \"fast\"; known templates: [default]");
  }

  @Test
  void aListenerNeverHearsRemovedBeforeAdded() throws Exception {
    CountDownLatch inFirstListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    breakers.addListener(
        new Registry.Listener<>() {
          @Override
          public void onAdded(String name, CircuitBreaker b) {
            inFirstListener.countDown();
            try {
              assertThat(release.await(5, TimeUnit.SECONDS)).as("released within 5s").isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        },
        false);
    List<String> heard = new CopyOnWriteArrayList<>();
    breakers.addListener(
        new Registry.Listener<>() {
          @Override
          public void onAdded(String name, CircuitBreaker b) {
            heard.add("added");
          }

          @Override
          public void onRemoved(String name, CircuitBreaker b) {
            heard.add("removed");
          }
        },
        false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<CircuitBreaker> creating = pool.submit(() -> breakers.getOrCreate("db"));
      assertThat(inFirstListener.await(5, TimeUnit.SECONDS)).as("creation started").isTrue();
      Future<?> removing = pool.submit(() -> breakers.remove("db"));
      release.countDown();
      creating.get(5, TimeUnit.SECONDS);
      removing.get(5, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(heard).containsExactly("added", "removed");
  }
}
