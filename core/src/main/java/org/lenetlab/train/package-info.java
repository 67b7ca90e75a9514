/**
 * The one training loop, the same for every backend: seeded initialisation, seeded shuffling, a learning-rate
 * schedule, the curvature phase of the stochastic diagonal Levenberg–Marquardt method before every epoch, mini-batch
 * steps through the backend's kernels, evaluation on the test set after every epoch, timings.
 */
package org.lenetlab.train;
