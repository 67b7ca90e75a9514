/**
 * JSON specs: what a model and an experiment are, how they are read with Jackson, and how every problem in
 * them is reported with its file, line, column and JSON path before any training starts.
 */
package org.lenetlab.spec;
