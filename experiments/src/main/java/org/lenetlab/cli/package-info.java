/** The {@code lenet} command line: run, summary, backends, validate, fetch, baseline and verify. */
package org.lenetlab.cli;
