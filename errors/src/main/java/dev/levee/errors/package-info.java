/**
 * What went wrong, in four categories that every Levee policy shares: {@link
 * dev.levee.errors.ErrorCategory} (RETRIABLE, TRANSIENT, FATAL, INVALID_INPUT), {@link
 * dev.levee.errors.ClassifiedException} (the root of Levee's own exceptions, with an operation and
 * metadata), and {@link dev.levee.errors.ErrorClassifier}, which gives any throwable its category;
 * {@link dev.levee.errors.ErrorClassifiers#defaults()} knows the JDK's, JDBC's and HTTP's. A
 * classification allocates nothing.
 */
package dev.levee.errors;
