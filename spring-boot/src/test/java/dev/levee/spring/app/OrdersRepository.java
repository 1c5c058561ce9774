package dev.levee.spring.app;

import dev.levee.spring.CircuitBreaker;
import dev.levee.spring.Resilient;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Orders in H2, each method guarded the way a service would guard it. */
@Repository
public class OrdersRepository {
  private final JdbcTemplate jdbc;

  /**
   * Creates the repository.
   *
   * @param jdbc the application's template, over Boot's HikariCP pool
   */
  public OrdersRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores an order through the {@code orders-db} pipeline.
   *
   * @param item what was ordered
   * @return the orders stored so far
   */
  @Resilient("orders-db")
  public int save(String item) {
    jdbc.update("INSERT INTO orders(item) VALUES (?)", item);
    return count();
  }

  /**
   * Counts orders through the {@code db} breaker, -1 when that fails.
   *
   * @return the count, or -1
   */
  @CircuitBreaker(name = "db", fallbackMethod = "unknownCount")
  public int count() {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class);
    return n == null ? 0 : n;
  }

  /**
   * The fallback of {@link #count()}.
   *
   * @param e why the count failed
   * @return -1
   */
  int unknownCount(Exception e) {
    return -1;
  }

  /**
   * Counts orders on another thread, through the pipeline's asynchronous path.
   *
   * @return the count
   */
  @Resilient("orders-db")
  public CompletableFuture<Integer> countAsync() {
    return CompletableFuture.supplyAsync(this::rawCount);
  }

  /**
   * Counts orders when subscribed.
   *
   * @return the count
   */
  @Resilient(value = "orders-db", fallbackMethod = "noCount")
  public Mono<Integer> countMono() {
    return Mono.fromCallable(this::rawCount);
  }

  /**
   * The fallback of {@link #countMono()}.
   *
   * @param e why it failed
   * @return -1
   */
  public Mono<Integer> noCount(Throwable e) {
    return Mono.just(-1);
  }

  /**
   * Every item, when subscribed.
   *
   * @return the items
   */
  @Resilient("orders-db")
  public Flux<String> items() {
    return Flux.defer(
        () ->
            Flux.fromIterable(
                jdbc.queryForList("SELECT item FROM orders ORDER BY id", String.class)));
  }

  private int rawCount() {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class);
    return n == null ? 0 : n;
  }
}
