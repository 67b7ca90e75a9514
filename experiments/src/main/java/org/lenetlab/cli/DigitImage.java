package org.lenetlab.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lenetlab.io.HeapBudget;
import org.lenetlab.io.InputFileException;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;

/**
 * An image file made ready for a model trained on MNIST: grey levels in [0, 1] (transparent pixels count as
 * white), resized to the model's input with bilinear interpolation when its size differs, and inverted when it is
 * dark on light (MNIST digits are light on dark), which is decided by the mean of the border pixels.
 *
 * <p>The file is read through the guarded input path ({@link InputKind#IMAGE}): a regular file of at most 64 MiB.
 * Its width and height are read from its header before anything is decoded, and an image of more than
 * {@link HeapBudget#MAX_IMAGE_PIXELS} pixels, or one whose decoding would not fit in the {@link HeapBudget}, is
 * refused. Of a multi-frame file (an animated GIF, a multi-page TIFF) the first frame is used.
 *
 * @param pixels   {@code height × width} grey levels in [0, 1], row-major
 * @param resized  whether the image was resized
 * @param inverted whether it was inverted
 * @param frames   the frames in the file (the first is used), 0 when its format cannot say
 */
record DigitImage(float[] pixels, boolean resized, boolean inverted, int frames) {
    /**
     * Heap a decoded pixel may take at worst: the decoded image (up to 8 bytes for 16-bit RGBA), its grey levels
     * (4) and the RGB copy that resizing starts from (4).
     */
    static final int BYTES_PER_PIXEL = 16;

    /**
     * Reads and prepares {@code file} for a {@code height × width} input.
     *
     * @throws UsageException naming the file when it cannot be read as an image, or is too large
     */
    static DigitImage read(Path file, int height, int width) {
        Grey decoded = decode(file);
        float[] grey = decoded.levels();
        int w = decoded.width();
        int h = decoded.height();
        boolean resized = w != width || h != height;
        if (resized) {
            grey = resize(grey, w, h, width, height);
        }
        boolean inverted = borderMean(grey, width, height) > 0.5;
        if (inverted) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] = 1f - grey[i];
            }
        }
        return new DigitImage(grey, resized, inverted, decoded.frames());
    }

    /** The first frame's grey levels, its size, and the file's frame count (0 when unknown). */
    private record Grey(float[] levels, int width, int height, int frames) {
    }

    /**
     * Checks the file, reads the first frame's size from its header, checks it against the limits, then decodes it;
     * only the grey levels outlive this method.
     */
    private static Grey decode(Path file) {
        try {
            InputFiles.check(file, InputKind.IMAGE);
        } catch (InputFileException e) {
            throw new UsageException(e.getMessage());
        }
        ImageIO.setUseCache(false);
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage(file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, false, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    throw notAnImage(file);
                }
                long pixels = (long) w * h;
                if (pixels > HeapBudget.MAX_IMAGE_PIXELS) {
                    throw new UsageException(String.format(Locale.ROOT, "%s: its header declares %,d×%,d = %,d pixels;"
                            + " an image may have at most %,d pixels (%d megapixels)", file, w, h, pixels,
                            HeapBudget.MAX_IMAGE_PIXELS, HeapBudget.MAX_IMAGE_PIXELS / 1_000_000));
                }
                try {
                    HeapBudget.require(file, pixels * BYTES_PER_PIXEL,
                            String.format(Locale.ROOT, "decoding its %,d×%,d pixels", w, h));
                } catch (InputFileException e) {
                    throw new UsageException(e.getMessage());
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() != w || image.getHeight() != h) {
                    throw notAnImage(file);
                }
                float[] grey = grey(image);
                return new Grey(grey, w, h, frames(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException(file + ": cannot read the image: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""));
        }
    }

    /** The frames in the reader's file, 0 when its format cannot say. */
    private static int frames(ImageReader reader) {
        try {
            return Math.max(0, reader.getNumImages(true));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static UsageException notAnImage(Path file) {
        return new UsageException(file + ": not an image in a format LeNet Lab reads (PNG, JPEG, BMP, GIF)");
    }

    /**
     * Grey levels in [0, 1]. Grey images are read from their samples (as MNIST's bytes: {@code v / 255f} for
     * 8 bits); colour images by luminance (0.299 R + 0.587 G + 0.114 B). Transparency is composited over white.
     */
    static float[] grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean greySamples = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)
                && cm.getNumColorComponents() == 1 && raster.getNumBands() == cm.getNumComponents();
        if (greySamples) {
            float max = (float) ((1L << cm.getComponentSize(0)) - 1);
            float alphaMax = cm.hasAlpha() ? (float) ((1L << cm.getComponentSize(1)) - 1) : 1f;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    if (cm.hasAlpha()) {
                        float a = raster.getSample(x, y, 1) / alphaMax;
                        v = v * a + (1f - a);
                    }
                    out[y * w + x] = v;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float a = (argb >>> 24) / 255f;
                float r = (argb >> 16 & 0xff) / 255f;
                float g = (argb >> 8 & 0xff) / 255f;
                float b = (argb & 0xff) / 255f;
                float v = 0.299f * r + 0.587f * g + 0.114f * b;
                out[y * w + x] = Math.min(1f, v * a + (1f - a));
            }
        }
        return out;
    }

    /**
     * Resizes with Java 2D's bilinear interpolation, halving first while the image is more than twice the target
     * (bilinear alone would skip most pixels of a large image).
     */
    static float[] resize(float[] grey, int w, int h, int width, int height) {
        BufferedImage current = toImage(grey, w, h);
        int cw = w;
        int ch = h;
        while (cw / 2 >= width && ch / 2 >= height) {
            cw /= 2;
            ch /= 2;
            current = scale(current, cw, ch);
        }
        current = scale(current, width, height);
        float[] out = new float[width * height];
        Raster raster = current.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = raster.getSample(x, y, 0) / 255f;
            }
        }
        return out;
    }

    private static BufferedImage toImage(float[] grey, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.round(Math.max(0f, Math.min(1f, grey[y * w + x])) * 255f);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** The mean of the outermost ring of pixels. */
    static double borderMean(float[] grey, int width, int height) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (y == 0 || x == 0 || y == height - 1 || x == width - 1) {
                    sum += grey[y * width + x];
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
