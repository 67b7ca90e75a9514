/** The {@code lenet} command line: run, summary, backends, validate and fetch. */
package org.lenetlab.cli;
