package org.lenetlab.reports;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.lenetlab.data.ImageSet;

/**
 * Embeds test images in the page: each distinct image once, as a PNG data URI in a CSS rule
 * ({@code .mnist-1234 { background-image: url(data:image/png;base64,...) }}), so that a digit misclassified by many
 * cells costs its bytes once. Digits are drawn dark on light (255 − pixel).
 */
final class DigitImages {
    private DigitImages() {
    }

    /** The CSS class that shows test image {@code index}. */
    static String cssClass(int index) {
        return "mnist-" + index;
    }

    /** One CSS rule per distinct index; indices outside the set are left out. */
    static String css(ImageSet images, Collection<Integer> indices) {
        SortedSet<Integer> distinct = new TreeSet<>(indices);
        StringBuilder css = new StringBuilder(distinct.size() * 420);
        for (int index : distinct) {
            if (index >= 0 && index < images.count()) {
                css.append('.').append(cssClass(index)).append("{background-image:url(data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(png(images, index))).append(")}\n");
            }
        }
        return css.toString();
    }

    /** Image {@code index} as a grey-scale PNG, ink dark. */
    static byte[] png(ImageSet images, int index) {
        int rows = images.rows();
        int cols = images.cols();
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        float[] pixels = images.pixels();
        int offset = index * images.imageSize();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                float v = pixels[offset + y * cols + x];
                int ink = Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
                raster.setSample(x, y, 0, 255 - ink);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(400);
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
