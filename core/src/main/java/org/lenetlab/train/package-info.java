/**
 * The one training loop, the same for every backend: seeded initialisation, seeded shuffling, mini-batch steps
 * through the backend's kernels, evaluation on the test set after every epoch, timings.
 */
package org.lenetlab.train;
