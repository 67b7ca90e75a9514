/** The {@code lenet} command line: run, report, summary, backends, validate and fetch. */
package org.lenetlab.cli;
