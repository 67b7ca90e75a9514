package org.lenetlab.data;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.NoSuchFileException;

/** Short descriptions of exceptions for one-line messages. */
final class Problems {
    private Problems() {
    }

    /** E.g. {@code cannot connect}, {@code unknown host}, {@code connect timed out} or the exception's message. */
    static String describe(Throwable e) {
        if (anyInChain(e, UnknownHostException.class) || anyInChain(e, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        if (anyInChain(e, HttpConnectTimeoutException.class)) {
            return "connect timed out";
        }
        if (anyInChain(e, HttpTimeoutException.class)) {
            return "timed out";
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (anyInChain(e, ConnectException.class)) {
            return message == null ? "cannot connect" : "cannot connect (" + message + ")";
        }
        if (e instanceof EOFException) {
            return "truncated (" + message + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file " + message;
        }
        return message == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
    }

    private static boolean anyInChain(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
