/**
 * Throughput measurements: steady-state training and inference images per second after warm-up, the wall time
 * of a whole epoch with data handling and test evaluation, and the process's peak memory.
 */
package org.lenetlab.bench;
