/**
 * The results file, {@code <out>/results.json}: its records (the documented format), and its writer, which
 * replaces the file atomically so that it is always complete and parseable.
 */
package org.lenetlab.results;
