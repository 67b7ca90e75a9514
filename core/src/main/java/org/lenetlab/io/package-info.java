/**
 * Reading input files safely: the one guarded path by which LeNet Lab opens every file a user can hand it (specs,
 * baselines, results, checkpoints, data sets, images).
 *
 * <p>{@link org.lenetlab.io.InputFiles} checks a file before opening it: it must be a regular file (or a symlink to
 * one), never a directory, device, FIFO or socket, and no larger than the limit of its {@link org.lenetlab.io.InputKind}.
 * Anything else is refused with an {@link org.lenetlab.io.InputFileException} whose message is one line naming the
 * file, what it is and the limit. {@link org.lenetlab.io.HeapBudget} refuses input whose declared size (an image's
 * canvas, an IDX header's count × shape, a checkpoint's tensors) would not fit in this JVM's heap, before anything is
 * allocated, and {@link org.lenetlab.io.InputFiles#bounded} stops a decompressing stream at the size its header implies.
 */
package org.lenetlab.io;
