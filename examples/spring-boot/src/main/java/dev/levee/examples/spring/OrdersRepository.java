package dev.levee.examples.spring;

import dev.levee.spring.CircuitBreaker;
import dev.levee.spring.Resilient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Orders in H2, guarded by Levee: what the README's "Spring Boot" section shows. */
@Repository
public class OrdersRepository {
  private final JdbcTemplate jdbc;

  /**
   * Creates the repository.
   *
   * @param jdbc the template over Boot's HikariCP pool
   */
  public OrdersRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores an order through the {@code orders-db} pipeline (timeout, retry, breaker, bulkhead, as
   * {@code application.yml} configures it).
   *
   * @param item what was ordered
   */
  @Resilient("orders-db")
  public void save(String item) {
    jdbc.update("INSERT INTO orders(item) VALUES (?)", item);
  }

  /**
   * How many orders are stored, through the same {@code db} breaker; -1 while it is open.
   *
   * @return the count, or -1
   */
  @CircuitBreaker(name = "db", fallbackMethod = "unknown")
  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class);
    return n == null ? 0 : n;
  }

  long unknown(Exception e) {
    return -1;
  }
}
