/**
 * Checkpoints: a cell's parameters, optimizer state and progress at an epoch boundary, in one ZIP file per cell
 * (see {@link org.lenetlab.checkpoint.Checkpoint} for the format), written atomically under
 * {@code <out>/checkpoints/}; resuming a cell from its checkpoint; and loading a trained model for prediction.
 */
package org.lenetlab.checkpoint;
