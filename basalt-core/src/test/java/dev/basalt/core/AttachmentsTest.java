package dev.basalt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Images and documents as content: format detection, header dimensions, files. (Tests may use ImageIO; production code reads headers itself.) */
class AttachmentsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"png, PNG", "jpeg, JPEG", "gif, GIF"})
    void detectsTheFormatAndReadsTheSizeFromTheHeader(String writer, ImageFormat format) throws IOException {
        byte[] bytes = image(writer, 123, 45);

        Content.Image image = Content.Image.of("picture", bytes);

        assertThat(image.format()).isEqualTo(format);
        assertThat(image.dimensions()).contains(new Content.Image.Dimensions(123, 45));
        assertThat(image.byteCount()).isEqualTo(bytes.length);
    }

    @Test
    void readsTheSizeOfEachWebpFlavour() {
        assertThat(Content.Image.of("lossy.webp", webpLossy(640, 480)).dimensions())
                .contains(new Content.Image.Dimensions(640, 480));
        assertThat(Content.Image.of("lossless.webp", webpLossless(9000, 17)).dimensions())
                .contains(new Content.Image.Dimensions(9000, 17));
        assertThat(Content.Image.of("extended.webp", webpExtended(12000, 300)).dimensions())
                .contains(new Content.Image.Dimensions(12000, 300));
        assertThat(Content.Image.of("x.webp", webpLossy(1, 1)).format()).isEqualTo(ImageFormat.WEBP);
    }

    @Test
    void aJpegWithMetadataBeforeItsFrameHeaderStillHasASize() throws IOException {
        byte[] plain = image("jpeg", 8000, 2);
        // APP1 (Exif-like) segment of 300 bytes between SOI and the rest
        byte[] withExif = new byte[plain.length + 304];
        withExif[0] = (byte) 0xFF;
        withExif[1] = (byte) 0xD8;
        withExif[2] = (byte) 0xFF;
        withExif[3] = (byte) 0xE1;
        withExif[4] = (byte) 0x01;
        withExif[5] = (byte) 0x2E; // 302 = the length field plus 300 bytes
        System.arraycopy(plain, 2, withExif, 306, plain.length - 2);

        assertThat(Content.Image.of("exif.jpg", withExif).dimensions()).contains(new Content.Image.Dimensions(8000, 2));
    }

    @Test
    void aCutShortHeaderHasNoSizeRatherThanFailing() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};

        assertThat(Content.Image.of("cut.png", png).dimensions()).isEmpty();
    }

    @Test
    void theFormatComesFromTheBytesNotTheFileName() throws IOException {
        Path misnamed = Files.write(dir.resolve("photo.jpg"), image("png", 10, 10));

        Content.Image image = Content.Image.fromFile(misnamed);

        assertThat(image.format()).isEqualTo(ImageFormat.PNG);
        assertThat(image.name()).isEqualTo("photo.jpg");
    }

    @Test
    void somethingThatIsNoImageIsRefusedNamingTheFile() throws IOException {
        Path bmp = Files.write(dir.resolve("scan.bmp"), new byte[] {'B', 'M', 0, 0, 0, 0});

        assertThatThrownBy(() -> Content.Image.fromFile(bmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scan.bmp is not a PNG, JPEG, GIF or WebP image (convert it to one of these)");
        assertThatThrownBy(() -> new Content.Image("a.png", ImageFormat.JPEG, image("png", 1, 1)))
                .hasMessage("a.png holds a PNG image, not JPEG");
        assertThatThrownBy(() -> Content.Image.fromFile(dir.resolve("missing.png")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file").hasMessageContaining("missing.png");
    }

    @Test
    void imagesCopyTheirBytesAndCompareByContent() throws IOException {
        byte[] bytes = image("gif", 2, 2);
        Content.Image image = Content.Image.of("a.gif", bytes);
        bytes[10] = 99;
        image.data()[11] = 99;

        assertThat(image).isEqualTo(Content.Image.of("a.gif", image("gif", 2, 2)));
        assertThat(image.hashCode()).isEqualTo(Content.Image.of("a.gif", image("gif", 2, 2)).hashCode());
        assertThat(image.toString()).startsWith("Image[a.gif, GIF, ");
    }

    @Test
    void documentsTakeTheirFormatFromTheExtension() throws IOException {
        Path md = Files.writeString(dir.resolve("Notes.MARKDOWN"), "# Notes");
        Path html = Files.writeString(dir.resolve("page.htm"), "<p>hi</p>");

        assertThat(Content.Document.fromFile(md).format()).isEqualTo(DocumentFormat.MD);
        assertThat(Content.Document.fromFile(html).format()).isEqualTo(DocumentFormat.HTML);
        assertThat(Content.Document.fromFile(md).name()).isEqualTo("Notes.MARKDOWN");
        assertThat(DocumentFormat.fromFileName("report.final.XLSX")).contains(DocumentFormat.XLSX);
        assertThat(DocumentFormat.fromFileName("README")).isEmpty();
    }

    @Test
    void anUnknownOrEmptyDocumentIsRefusedNamingTheFile() throws IOException {
        Path exe = Files.write(dir.resolve("tool.exe"), new byte[] {1});
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);

        assertThatThrownBy(() -> Content.Document.fromFile(exe))
                .hasMessage("tool.exe is not a document models read (use pdf, csv, doc, docx, xls, xlsx, html, txt or md)");
        assertThatThrownBy(() -> Content.Document.fromFile(empty)).hasMessage("empty.txt is empty");
    }

    @Test
    void toolResultsMayCarryImagesAndDocuments() throws IOException {
        Content.ToolResult result = new Content.ToolResult("t1", java.util.List.of(
                Content.Image.of("shot.png", image("png", 3, 3)),
                new Content.Document("log.txt", DocumentFormat.TXT, "ok".getBytes())), false);

        assertThat(result.content()).hasSize(2);
    }

    static byte[] image(String writer, int width, int height) throws IOException {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(picture, writer, out)) {
            throw new IllegalStateException("no ImageIO writer for " + writer);
        }
        return out.toByteArray();
    }

    static byte[] webpLossy(int width, int height) {
        byte[] d = riff("VP8 ", 30);
        d[23] = (byte) 0x9D;
        d[24] = 0x01;
        d[25] = 0x2A;
        d[26] = (byte) width;
        d[27] = (byte) (width >> 8);
        d[28] = (byte) height;
        d[29] = (byte) (height >> 8);
        return d;
    }

    static byte[] webpLossless(int width, int height) {
        byte[] d = riff("VP8L", 25);
        d[20] = 0x2F;
        long bits = (width - 1L) | (height - 1L) << 14;
        for (int i = 0; i < 4; i++) {
            d[21 + i] = (byte) (bits >> (8 * i));
        }
        return d;
    }

    static byte[] webpExtended(int width, int height) {
        byte[] d = riff("VP8X", 30);
        for (int i = 0; i < 3; i++) {
            d[24 + i] = (byte) ((width - 1) >> (8 * i));
            d[27 + i] = (byte) ((height - 1) >> (8 * i));
        }
        return d;
    }

    private static byte[] riff(String chunk, int length) {
        byte[] d = new byte[length];
        System.arraycopy("RIFF".getBytes(), 0, d, 0, 4);
        System.arraycopy("WEBP".getBytes(), 0, d, 8, 4);
        System.arraycopy(chunk.getBytes(), 0, d, 12, 4);
        return d;
    }
}
