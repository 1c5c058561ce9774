/**
 * The reading machinery behind {@code LeveeConfig}: strict YAML text (bounded aliases, no
 * duplicates), the tree of values with the origin of each (file, {@code -Dlevee.*} or {@code
 * LEVEE_*}), typed sections that check every key, and the "did you mean" suggestions. Not exported.
 */
package dev.levee.config.internal;
