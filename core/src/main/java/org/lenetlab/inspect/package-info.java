/**
 * Looking inside a trained network: {@link org.lenetlab.inspect.Inspector} runs one image through a checkpoint's
 * model on a backend and keeps what every layer computed, the first convolution's filters and the output scores.
 */
package org.lenetlab.inspect;
