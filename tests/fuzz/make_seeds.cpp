// Writes the seed inputs of tests/fuzz/corpus/<target>/ (real shapes, a few hundred bytes each),
// with the helpers the unit tests use. Run once by hand; the files are committed:
//   cmake --build build --target squint_fuzz_seeds && build/tests/fuzz/squint_fuzz_seeds tests/fuzz/corpus

#include "testimages.h"

#include "core/history/transcript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <cstdio>

namespace test = squint::test;

namespace {

QString g_root;

void put(const char *target, const char *name, const QByteArray &bytes)
{
    const QString dir = g_root + QLatin1Char('/') + QString::fromLatin1(target);
    QDir().mkpath(dir);
    QFile f(dir + QLatin1Char('/') + QString::fromLatin1(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        std::fprintf(stderr, "can't write %s/%s\n", target, name);
}

// A little-endian EXIF TIFF block with Make, Model and DateTime in IFD0 (values out of line).
QByteArray cameraTiff()
{
    const QList<QPair<quint16, QByteArray>> tags = {
        {0x010F, QByteArrayLiteral("Canon")}, {0x0110, QByteArrayLiteral("Canon EOS R5")},
        {0x0132, QByteArrayLiteral("2024:06:02 08:00:00")}};
    QByteArray out = QByteArrayLiteral("II") + test::le16(42) + test::le32(8) + test::le16(quint32(tags.size()));
    quint32 dataAt = quint32(8 + 2 + 12 * tags.size() + 4);
    QByteArray data;
    for (const auto &t : tags) {
        const QByteArray value = t.second + QByteArrayLiteral("\0");
        out += test::le16(t.first) + test::le16(2) + test::le32(quint32(value.size())) + test::le32(dataAt + quint32(data.size()));
        data += value;
        if (data.size() % 2)
            data += '\0';
    }
    out += test::le32(0) + data;
    return out;
}

QByteArray jpegApp1(const QByteArray &payload)
{
    return QByteArray("\xFF\xE1", 2) + test::be16(quint32(payload.size() + 2)) + payload;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);

    // ---- SSE streams (sse, streamchunk) ----
    const QByteArray openai =
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
        "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
        "\"delta\":{\"content\":\"A cat \\u00e9 \"},\"finish_reason\":null}]}\n\n"
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
        "\"finish_reason\":\"stop\"}]}\n\n"
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
        "1500,\"completion_tokens\":42,\"total_tokens\":1542,\"completion_tokens_details\":{\"reasoning_tokens\":7}}}\n\n"
        "data: [DONE]\n\n";
    const QByteArray databricks =
        "\xEF\xBB\xBF: keep-alive\r\n\r\nevent: ping\r\ndata:\r\n\r\n"
        "id: 7\r\ndata: {\"model\":\"databricks-claude-sonnet\",\"choices\":[{\"delta\":{\"content\":[{\"type\":\"reasoning\","
        "\"summary\":[{\"type\":\"summary_text\",\"text\":\"Looking\"}]},{\"type\":\"text\",\"text\":\"Two dogs\"}]}}]}\r\n\r\n"
        "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"},\"finish_reason\":\"length\"}],\"usage\":null}\r\r"
        "data: {\"error\":{\"message\":\"The model is overloaded\",\"type\":\"overloaded_error\"}}\n"
        "data: second line\n\n";
    const QByteArray errorEvent = "event: error\ndata: {\"error\":{\"code\":429,\"message\":\"Rate limit\"}}\n\ndata: [DONE] x\n\ndata: {not json\n";
    for (const char *t : {"sse", "streamchunk"}) {
        put(t, "openai-stream.txt", openai);
        put(t, "databricks-stream-crlf-bom.txt", databricks);
        put(t, "error-event.txt", errorEvent);
    }

    // ---- completion bodies ----
    put("completion", "openai.json",
        "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":"
        "{\"role\":\"assistant\",\"content\":\"A cat.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
        "\"completion_tokens\":3,\"total_tokens\":13}}");
    put("completion", "databricks-parts.json",
        "{\"model\":\"databricks-claude\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"reasoning\","
        "\"summary\":[{\"type\":\"summary_text\",\"text\":\"Think\"}]},{\"type\":\"text\",\"text\":\"Answer\"}]},"
        "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"reasoning_tokens\":1}}");
    put("completion", "error-body.json", "{\"error\":{\"message\":\"Invalid image\",\"type\":\"invalid_request_error\",\"param\":\"messages\"}}");
    put("completion", "ollama-error.json", "{\"error\":\"model \\\"llava\\\" not found, try pulling it first\"}");

    // ---- HTTP error bodies: byte 0 picks the status (0=400, 1=401, 5=429, 6=500), byte 1 the type (0=json, 1=html, 2=text)
    put("httperror", "databricks-400.bin",
        QByteArray("\x00\x00", 2)
            + "{\"error_code\":\"BAD_REQUEST\",\"message\":\"{\\\"message\\\":\\\"Input is too long for requested model.\\\"}\","
              "\"external_model_message\":{\"type\":\"error\",\"error\":{\"message\":\"prompt is too long\"}}}");
    put("httperror", "databricks-403-number.bin", QByteArray("\x02\x00", 2) + "{\"error_code\":403,\"message\":\"Invalid access token.\"}");
    put("httperror", "ollama-404.bin", QByteArray("\x03\x00", 2) + "{\"error\":\"model \\\"llava:13b\\\" not found, try pulling it first\"}");
    put("httperror", "openai-429.bin",
        QByteArray("\x05\x00", 2)
            + "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    put("httperror", "vllm-401.bin", QByteArray("\x01\x00", 2) + "{\"error\":\"Unauthorized\"}");
    put("httperror", "html-502.bin",
        QByteArray("\x07\x01", 2)
            + "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{color:red}</style>"
              "<script>var x = '<b>';</script></head>\n<body><h1>Bad Gateway</h1><!-- nginx -->"
              "<pre>upstream closed &amp; gone &#233; &lt;tag&gt;</pre><hr><center>nginx</center></body></html>\n");
    put("httperror", "html-unclosed.bin", QByteArray("\x06\x05", 2) + "<html><head><head><title>Error<head><pre><!-- <script>");
    put("httperror", "text-500.bin", QByteArray("\x06\x02", 2) + "Internal Server Error\r\n");

    // ---- images (exif, imagecheck, probe) ----
    const QByteArray tiff = cameraTiff();
    const QByteArray jpeg = test::photoJpeg(QSize(16, 12), 80, 3);
    const QByteArray jpegExif = test::insertAfterSoi(test::jpegWithExif(jpeg, 6, true),
                                                     jpegApp1(QByteArrayLiteral("Exif\0\0") + tiff));
    const QByteArray png = test::photoPng(QSize(8, 6), 2);
    // eXIf goes right after IHDR (8-byte signature, 25-byte IHDR chunk).
    const QByteArray pngExif = png.left(33) + test::pngChunk("eXIf", tiff) + png.mid(33);
    put("exif", "camera.tiff-block", tiff);
    put("exif", "jpeg-exif.jpg", jpegExif);
    put("exif", "png-exif.png", pngExif);
    put("exif", "webp.webp", test::webpBytes(QSize(8, 8)));
    for (const char *t : {"imagecheck", "probe"}) {
        put(t, "jpeg-exif.jpg", jpegExif);
        put(t, "png-exif.png", pngExif);
        put(t, "gif-animated.gif", test::animatedGifBytes(QSize(6, 4), 2));
        put(t, "webp.webp", test::webpBytes(QSize(8, 8)));
        put(t, "bmp.bmp", test::bmpBytes(QImage::fromData(png)));
        put(t, "jpeg-truncated.jpg", test::truncated(jpeg, 0.6));
    }

    // ---- .databrickscfg ----
    put("databrickscfg", "profiles.databrickscfg",
        "; comment\n[DEFAULT]\nhost = https://dbc-1234.cloud.databricks.com:443/\ntoken = dapi0123456789abcdef0123456789ab\n\n"
        "[__settings__]\ndefault_profile = dev\n\n[dev]\nhost: adb-42.azuredatabricks.net\ntoken: dapiXYZ\n"
        "auth_type = databricks-cli\n  continued value\n# another\n[dev]\nHOST = again\nnot a key line\n[empty]\n");

    // ---- transcript: toJson of a one-turn conversation, as Squint writes it ----
    {
        squint::TranscriptData data;
        data.title = QStringLiteral("Receipts & <cats>");
        data.exportedAt = QDateTime(QDate(2026, 11, 30), QTime(3, 4, 5), Qt::UTC);
        data.parameters.system = QStringLiteral("You are terse.");
        squint::Turn turn;
        turn.id = 1;
        turn.prompt = QStringLiteral("What is in this photo?");
        turn.askedAt = QDateTime(QDate(2026, 11, 29), QTime(22, 0, 1), Qt::UTC);
        turn.state = squint::Turn::State::Done;
        turn.answer = QStringLiteral("A **cat**.");
        turn.model = QStringLiteral("databricks-claude-sonnet");
        turn.finishReason = QStringLiteral("stop");
        squint::TurnImage image;
        image.name = QStringLiteral("pasted.png");
        const QByteArray tiny = test::screenshotPng(QSize(4, 3));
        image.sha256 = QCryptographicHash::hash(tiny, QCryptographicHash::Sha256).toHex();
        image.mime = QStringLiteral("image/png");
        image.data = tiny;
        image.sentBytes = tiny.size();
        image.sentSize = QSize(4, 3);
        turn.images = {image};
        squint::Turn failed;
        failed.id = 2;
        failed.prompt = QStringLiteral("And now?");
        failed.state = squint::Turn::State::Failed;
        failed.error.kind = squint::ApiError::Kind::Http;
        failed.error.status = 429;
        failed.error.message = QStringLiteral("Too many requests");
        data.turns = {turn, failed};
        QString error;
        put("transcript", "squint-transcript.json", squint::toJson(data, &error));
        if (!error.isEmpty())
            std::fprintf(stderr, "toJson: %s\n", qPrintable(error));
    }

    // ---- batch answers ----
    put("batchanswer", "fenced.txt",
        "Here is what I see:\n```json\n{\"species\": \"cat\", \"count\": 2, \"notes\": \"one {brace} \\\"quoted\\\"\"}\n```\nDone.");
    put("batchanswer", "bare-object.txt", "Sure! {\"Species\": \"dog\", \"count\": null, \"Notes\": [1, {\"a\": \"}\"}]} trailing }");
    put("batchanswer", "spec-schema.txt",
        "{\"type\":\"object\",\"properties\":{\"species\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"}}}");
    put("batchanswer", "spec-list.txt", "species, count , Notes");
    put("batchanswer", "unbalanced.txt", "{{{{\"species\": \"x\" ```json\n{ \"count\": 1");
    return 0;
}
