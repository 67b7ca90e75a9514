/**
 * Runs a matrix's cells as Apache Spark tasks: {@link org.lenetlab.spark.SparkCellExecutor} on the driver (the
 * {@code lenet run} process), {@link org.lenetlab.spark.CellTask} on the executors, and
 * {@link org.lenetlab.run.CellFiles}, each finished cell's result written atomically into the shared run
 * directory. Found by the command line through {@link org.lenetlab.spark.SparkExecutorProvider}.
 */
package org.lenetlab.spark;
