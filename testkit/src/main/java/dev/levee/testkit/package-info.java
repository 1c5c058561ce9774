/** Assertions shared by Levee's own tests. Not published; not part of Levee's API. */
package dev.levee.testkit;
