package org.lenetlab.backend;

/**
 * Whether a discovered backend can run here.
 *
 * @param name      the backend's name
 * @param available whether it could be constructed
 * @param device    its device description when available, else {@code null}
 * @param reason    why it is unavailable, else {@code null}
 */
public record BackendStatus(String name, boolean available, String device, String reason) {
}
