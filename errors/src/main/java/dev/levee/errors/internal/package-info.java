/**
 * How the classifier decides: rule tiers (exact type, then supertypes, then causes), a cache from
 * class to category, the SQLState and vendor tables, and HTTP status rules. Not exported.
 */
package dev.levee.errors.internal;
