/**
 * The {@code lenet} command line: run, report, summary, backends, validate, bench, fetch, predict, baseline and
 * verify.
 */
package org.lenetlab.cli;
