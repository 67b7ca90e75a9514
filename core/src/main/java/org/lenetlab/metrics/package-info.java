/** Classification metrics of predictions against labels, computed with Tribuo's confusion matrix. */
package org.lenetlab.metrics;
