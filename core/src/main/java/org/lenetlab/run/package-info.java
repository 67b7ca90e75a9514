/**
 * Running an experiment: expanding its matrix into independent cells, executing each through a
 * {@link org.lenetlab.run.CellExecutor} (local today; anything that can take a serialised
 * {@link org.lenetlab.run.CellSpec} and return a {@link org.lenetlab.results.CellResult} later), and persisting
 * the results after every cell.
 */
package org.lenetlab.run;
