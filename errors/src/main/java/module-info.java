/**
 * Categorised errors and the classifier that every Levee policy consults.
 *
 * <p>The module has no dependencies. It reads {@code java.sql} only if it is present, to classify
 * {@code SQLException}s by their SQLState.
 */
module dev.levee.errors {
  requires static java.sql;

  exports dev.levee.errors;
}
