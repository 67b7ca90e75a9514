/**
 * {@code lenet cluster start|status|stop}: a standalone Spark cluster on this machine (a Master and N Workers on
 * 127.0.0.1, separate JVMs) started from this module's resolved class path, for tests and for users without a Spark
 * distribution; and the JVM options a Spark driver in a plain JVM needs.
 */
package org.lenetlab.spark.cluster;
