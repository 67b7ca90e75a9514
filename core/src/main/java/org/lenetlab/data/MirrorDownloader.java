package org.lenetlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads {@code <name>.gz} files over HTTP(S) into the cache. */
final class MirrorDownloader {
    private final HttpClient client;
    private final Duration responseTimeout;
    private final FetchListener listener;

    MirrorDownloader(Duration connectTimeout, Duration responseTimeout, FetchListener listener) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.responseTimeout = responseTimeout;
        this.listener = listener;
    }

    /**
     * Downloads {@code url}, which serves {@code file} gzip-compressed or plain, into {@code dir} and returns its
     * SHA-256.
     *
     * @throws DataException naming the URL and file on any failure; nothing is left in {@code dir} then
     */
    String download(URI url, DataFile file, Path dir) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DataException(url + ": " + Problems.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(url + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            try {
                response.body().close();
            } catch (IOException e) {
                // The status is the problem worth reporting.
            }
            throw new DataException(url + ": HTTP status " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        InputStream body = new ProgressInputStream(response.body(), name, total, listener, true);
        return CacheWriter.write(file, dir, body, url.toString());
    }
}
