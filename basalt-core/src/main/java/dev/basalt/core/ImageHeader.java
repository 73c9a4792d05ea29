package dev.basalt.core;

import java.util.Optional;

/**
 * Reads an image's width and height from its header, so limits in pixels can be checked without
 * decoding the image (and without java.desktop's ImageIO, which a CLI should not have to load).
 */
final class ImageHeader {

    private ImageHeader() {
    }

    static Optional<Content.Image.Dimensions> dimensions(ImageFormat format, byte[] data) {
        try {
            Content.Image.Dimensions size = switch (format) {
                case PNG -> png(data);
                case GIF -> gif(data);
                case WEBP -> webp(data);
                case JPEG -> jpeg(data);
            };
            return Optional.ofNullable(size);
        } catch (IndexOutOfBoundsException truncated) {
            return Optional.empty();
        }
    }

    /** The IHDR chunk always comes first: width and height are big-endian at offsets 16 and 20. */
    private static Content.Image.Dimensions png(byte[] d) {
        if (!ImageFormat.startsWith(d, 12, ImageFormat.ascii("IHDR"))) {
            return null;
        }
        int width = int32be(d, 16);
        int height = int32be(d, 20);
        return width < 0 || height < 0 ? null : new Content.Image.Dimensions(width, height);
    }

    /** The logical screen size, little-endian at offsets 6 and 8. */
    private static Content.Image.Dimensions gif(byte[] d) {
        return new Content.Image.Dimensions(uint16le(d, 6), uint16le(d, 8));
    }

    /** RIFF container; the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas size). */
    private static Content.Image.Dimensions webp(byte[] d) {
        if (ImageFormat.startsWith(d, 12, ImageFormat.ascii("VP8 "))) {
            // 3-byte frame tag, then the start code 9d 01 2a, then 14-bit width and height
            if ((d[23] & 0xFF) != 0x9D || (d[24] & 0xFF) != 0x01 || (d[25] & 0xFF) != 0x2A) {
                return null;
            }
            return new Content.Image.Dimensions(uint16le(d, 26) & 0x3FFF, uint16le(d, 28) & 0x3FFF);
        }
        if (ImageFormat.startsWith(d, 12, ImageFormat.ascii("VP8L"))) {
            if ((d[20] & 0xFF) != 0x2F) {
                return null;
            }
            long bits = (d[21] & 0xFFL) | (d[22] & 0xFFL) << 8 | (d[23] & 0xFFL) << 16 | (d[24] & 0xFFL) << 24;
            return new Content.Image.Dimensions((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
        }
        if (ImageFormat.startsWith(d, 12, ImageFormat.ascii("VP8X"))) {
            return new Content.Image.Dimensions(uint24le(d, 24) + 1, uint24le(d, 27) + 1);
        }
        return null;
    }

    /** Walks the marker segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC). */
    private static Content.Image.Dimensions jpeg(byte[] d) {
        int at = 2;
        while (at + 3 < d.length) {
            if ((d[at] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = d[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return null; // scan data or end of image before any frame header
            }
            int length = uint16be(d, at + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return new Content.Image.Dimensions(uint16be(d, at + 7), uint16be(d, at + 5));
            }
            at += 2 + length;
        }
        return null;
    }

    private static int int32be(byte[] d, int at) {
        return (d[at] & 0xFF) << 24 | (d[at + 1] & 0xFF) << 16 | (d[at + 2] & 0xFF) << 8 | (d[at + 3] & 0xFF);
    }

    private static int uint16be(byte[] d, int at) {
        return (d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF);
    }

    private static int uint16le(byte[] d, int at) {
        return (d[at] & 0xFF) | (d[at + 1] & 0xFF) << 8;
    }

    private static int uint24le(byte[] d, int at) {
        return (d[at] & 0xFF) | (d[at + 1] & 0xFF) << 8 | (d[at + 2] & 0xFF) << 16;
    }
}
