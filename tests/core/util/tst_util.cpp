// The core's small shared helpers, each the one place its rule lives: figures for people (sizes and
// durations, in the user's locale), SHA-256, HTTP reason phrases and what an answer's links and
// images may do in a view and in a file written out.

#include "core/chat/chatprotocol.h"
#include "core/util/format.h"
#include "core/util/hash.h"
#include "core/util/httpstatus.h"
#include "core/util/safelinks.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTextBlock>
#include <QTextDocument>
#include <QtTest>

#include <limits>

using namespace squint;

namespace {

/// Sets the default locale for the life of the object (QLocale() follows it), then puts it back.
class LocaleScope
{
public:
    explicit LocaleScope(const QLocale &locale)
        : m_saved(QLocale())
    {
        QLocale::setDefault(locale);
    }
    ~LocaleScope() { QLocale::setDefault(m_saved); }
    Q_DISABLE_COPY_MOVE(LocaleScope)

private:
    QLocale m_saved;
};

struct Fragment
{
    QString text;
    QString href;
    bool image = false;
};

QList<Fragment> fragments(const QTextDocument &doc)
{
    QList<Fragment> out;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            out.append({it.fragment().text(), f.anchorHref(), f.isImageFormat()});
        }
    }
    return out;
}

QStringList hrefs(const QTextDocument &doc)
{
    QStringList out;
    for (const Fragment &f : fragments(doc)) {
        if (!f.href.isEmpty())
            out << f.href;
    }
    return out;
}

int imageCount(const QTextDocument &doc)
{
    int n = 0;
    for (const Fragment &f : fragments(doc))
        n += f.image ? 1 : 0;
    return n;
}

const QString LinksAndImages = QStringLiteral(
    "A [page](https://example.com/page), [mail](mailto:a@example.com), "
    "[script](javascript:alert(1)), "
    "[local](file:///etc/passwd) and [action](squint-action:edit/1).\n\n"
    "![a chart](https://example.com/chart.png) ![local](file:///home/u/secret.png) "
    "![thumb](squint-image:7)\n");

} // namespace

class TstUtil : public QObject
{
    Q_OBJECT

private slots:
    // ---- sizes and durations ----
    void bytesAreSiAndLocaleAware()
    {
        {
            const LocaleScope c(QLocale::c());
            QCOMPARE(formatBytes(4'100'000), QStringLiteral("4.1 MB"));
            QCOMPARE(formatBytes(950), QStringLiteral("950 bytes"));
            QCOMPARE(formatByteLimit(50'000'000), QStringLiteral("50 MB"));
            QCOMPARE(formatByteLimit(1000), QStringLiteral("1 kB"));
            QCOMPARE(formatByteLimit(4900), QStringLiteral("4.9 kB"));
        }
        const LocaleScope de(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(formatBytes(4'100'000), QStringLiteral("4,1 MB"));
        QCOMPARE(formatByteLimit(4900), QStringLiteral("4,9 kB"));
    }

    void pixelSizes()
    {
        QCOMPARE(formatPixelSize(QSize(4032, 3024)), QStringLiteral("4032 × 3024"));
        QCOMPARE(formatPixelSize(QSize(1, 20000)), QStringLiteral("1 × 20000"));
    }

    void measuredSeconds_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("c");
        QTest::addColumn<QString>("german");
        QTest::newRow("first token")
            << qint64(812) << QStringLiteral("0.8 s") << QStringLiteral("0,8 s");
        QTest::newRow("whole") << qint64(3000) << QStringLiteral("3.0 s")
                               << QStringLiteral("3,0 s");
        QTest::newRow("rounds") << qint64(3149) << QStringLiteral("3.1 s")
                                << QStringLiteral("3,1 s");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0 s") << QStringLiteral("0,0 s");
        QTest::newRow("long, grouped")
            << qint64(1'234'500) << QStringLiteral("1,234.5 s") << QStringLiteral("1.234,5 s");
    }
    void measuredSeconds()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, c);
        QFETCH(QString, german);
        {
            const LocaleScope scope(QLocale::c());
            QCOMPARE(formatSeconds(ms), QString(c).remove(u',')); // the C locale groups no digits
        }
        const LocaleScope scope(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(formatSeconds(ms), german);
    }

    void roughDurations_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("c");
        QTest::addColumn<QString>("german");
        QTest::newRow("a timeout under a second")
            << 0.3 << QStringLiteral("0.3 s") << QStringLiteral("0,3 s");
        QTest::newRow("whole seconds") << 2.0 << QStringLiteral("2 s") << QStringLiteral("2 s");
        QTest::newRow("rounds to whole")
            << 9.98 << QStringLiteral("10 s") << QStringLiteral("10 s");
        QTest::newRow("seconds") << 45.4 << QStringLiteral("45 s") << QStringLiteral("45 s");
        QTest::newRow("last seconds") << 89.0 << QStringLiteral("89 s") << QStringLiteral("89 s");
        QTest::newRow("minutes from 90 s")
            << 90.0 << QStringLiteral("2 min") << QStringLiteral("2 min");
        QTest::newRow("minutes") << 12.0 * 60 << QStringLiteral("12 min")
                                 << QStringLiteral("12 min");
        QTest::newRow("hours from 90 min")
            << 90.0 * 60 << QStringLiteral("1.5 h") << QStringLiteral("1,5 h");
        QTest::newRow("negative") << -5.0 << QStringLiteral("0 s") << QStringLiteral("0 s");
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN()
                                      << QStringLiteral("0 s") << QStringLiteral("0 s");
    }
    void roughDurations()
    {
        QFETCH(double, seconds);
        QFETCH(QString, c);
        QFETCH(QString, german);
        {
            const LocaleScope scope(QLocale::c());
            QCOMPARE(formatDuration(seconds), c);
        }
        const LocaleScope scope(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(formatDuration(seconds), german);
    }

    void durationsInWords_data()
    {
        // Tests load no translation: the plural forms show as "(s)", the counts are what is checked.
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rounded up") << 4100.0 << QStringLiteral("5 second(s)");
        QTest::newRow("a fraction of a millisecond counts")
            << 60'000.5 << QStringLiteral("61 second(s)");
        QTest::newRow("minutes from 2") << 120'000.0 << QStringLiteral("2 minute(s)");
        QTest::newRow("minutes rounded") << 150'000.0 << QStringLiteral("3 minute(s)");
        QTest::newRow("hours") << 3.0 * 3600'000 << QStringLiteral("3 hour(s)");
        QTest::newRow("days") << 72.0 * 3600'000 << QStringLiteral("3 day(s)");
        QTest::newRow("a server's absurd delay") << 1e300 << QStringLiteral("1000000000 day(s)");
        QTest::newRow("negative") << -1.0 << QStringLiteral("0 second(s)");
        QTest::newRow("not a number")
            << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("0 second(s)");
    }
    void durationsInWords()
    {
        QFETCH(double, ms);
        QFETCH(QString, expected);
        QCOMPARE(formatDurationWords(ms), expected);
    }

    void retryReasonNamesTheWaitInWords()
    {
        // chatprotocol's retry decision says the server's wait with the same words.
        RetryPolicy policy;
        policy.maxServerDelayMs = 1000;
        const RetryDecision d
            = decideRetry(503, "300", {}, {}, 0, QDateTime::currentDateTimeUtc(), 0.0, policy);
        QVERIFY(!d.retry);
        QVERIFY2(d.reason.contains(formatDurationWords(300'000)), qPrintable(d.reason));
    }

    // ---- SHA-256 ----
    void sha256KnownValues()
    {
        QCOMPARE(sha256Hex(""),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256Hex("abc"),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Of("abc"),
                 QByteArray::fromHex(
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Of("abc").size(), 32);
    }

    void sha256AgreesWithQt()
    {
        QRandomGenerator rng(16);
        for (const qsizetype size :
             {qsizetype(1), qsizetype(63), qsizetype(64), qsizetype(65), qsizetype(1'000'003)}) {
            QByteArray bytes(size, Qt::Uninitialized);
            for (char &c : bytes)
                c = char(rng.bounded(256));
            const QByteArray qt = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
            QCOMPARE(sha256Of(bytes), qt);
            QCOMPARE(sha256Hex(bytes), qt.toHex());
        }
    }

    void sha256HexIsRecognised_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        const QString good = QString::fromLatin1(sha256Hex("x"));
        QTest::newRow("as written") << good << true;
        QTest::newRow("upper case") << good.toUpper() << false;
        QTest::newRow("one short") << good.left(63) << false;
        QTest::newRow("one long") << good + u'0' << false;
        QTest::newRow("trailing newline") << good.left(63) + u'\n' << false;
        QTest::newRow("newline after all 64") << good + u'\n' << false;
        QTest::newRow("not hex") << QString(good).replace(0, 1, u'g') << false;
        QTest::newRow("empty") << QString() << false;
    }
    void sha256HexIsRecognised()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(isSha256Hex(text), valid);
    }

    // ---- HTTP reason phrases ----
    void reasonPhrases_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("phrase");
        // What the chat protocol and the image downloads each knew before: one table now.
        QTest::newRow("300") << 300 << QStringLiteral("Multiple Choices");
        QTest::newRow("304") << 304 << QStringLiteral("Not Modified");
        QTest::newRow("400") << 400 << QStringLiteral("Bad Request");
        QTest::newRow("401") << 401 << QStringLiteral("Unauthorized");
        QTest::newRow("403") << 403 << QStringLiteral("Forbidden");
        QTest::newRow("404") << 404 << QStringLiteral("Not Found");
        QTest::newRow("407") << 407 << QStringLiteral("Proxy Authentication Required");
        QTest::newRow("409") << 409 << QStringLiteral("Conflict");
        QTest::newRow("413") << 413 << QStringLiteral("Payload Too Large");
        QTest::newRow("422") << 422 << QStringLiteral("Unprocessable Entity");
        QTest::newRow("429") << 429 << QStringLiteral("Too Many Requests");
        QTest::newRow("451") << 451 << QStringLiteral("Unavailable For Legal Reasons");
        QTest::newRow("500") << 500 << QStringLiteral("Internal Server Error");
        QTest::newRow("503") << 503 << QStringLiteral("Service Unavailable");
        QTest::newRow("504") << 504 << QStringLiteral("Gateway Timeout");
        QTest::newRow("200: not an error") << 200 << QString();
        QTest::newRow("520: no standard phrase") << 520 << QString();
        QTest::newRow("negative") << -1 << QString();
    }
    void reasonPhrases()
    {
        QFETCH(int, status);
        QFETCH(QString, phrase);
        QCOMPARE(httpReasonPhrase(status), phrase);
    }

    void chatErrorsUseTheTable()
    {
        // An HTTP/2 answer carries no phrase: the message names the status with the table's.
        QCOMPARE(errorFromHttp(407, {}, {}).message,
                 QStringLiteral("The server answered 407 Proxy Authentication Required."));
        QCOMPARE(errorFromHttp(451, {}, {}).message,
                 QStringLiteral("The server answered 451 Unavailable For Legal Reasons."));
    }

    // ---- the safe-link rule ----
    void safeLinks_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("safe");
        QTest::newRow("https") << QStringLiteral("https://example.com/a") << true;
        QTest::newRow("http") << QStringLiteral("http://example.com/a") << true;
        QTest::newRow("upper-case scheme") << QStringLiteral("HTTPS://example.com/") << true;
        QTest::newRow("mailto") << QStringLiteral("mailto:a@example.com") << true;
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
        QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
        QTest::newRow("data") << QStringLiteral("data:text/html,<b>x</b>") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://files.example/x") << false;
        QTest::newRow("the chat pane's own actions")
            << QStringLiteral("squint-action:edit/1") << false;
        QTest::newRow("relative") << QStringLiteral("page.html") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void safeLinks()
    {
        QFETCH(QString, url);
        QFETCH(bool, safe);
        QCOMPARE(isSafeLink(QUrl(url)), safe);
    }

    void answerForAFile()
    {
        QTextDocument doc;
        doc.setMarkdown(LinksAndImages, AnswerMarkdownFeatures);
        QCOMPARE(imageCount(doc), 3);
        sanitizeAnswerDocument(doc);
        QCOMPARE(imageCount(doc), 0);
        // Only the safe links stay links; images are text naming their source, never links.
        QCOMPARE(hrefs(doc),
                 QStringList({QStringLiteral("https://example.com/page"),
                              QStringLiteral("mailto:a@example.com")}));
        const QString text = doc.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("[image: https://example.com/chart.png]")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("[image: file:///home/u/secret.png]")));
        QVERIFY(text.contains(QStringLiteral("[image: squint-image:7]")));
        for (const QString &word :
             {QStringLiteral("script"), QStringLiteral("local"), QStringLiteral("action")})
            QVERIFY(text.contains(word));
    }

    void answerForAView()
    {
        QTextDocument doc;
        doc.setMarkdown(LinksAndImages, AnswerMarkdownFeatures);
        const QColor link(1, 2, 3);
        sanitizeAnswerDocument(doc, {true, link, QStringLiteral("squint-image")});
        // The view's own thumbnail stays; the others are text, a link where their source is safe.
        QCOMPARE(imageCount(doc), 1);
        QCOMPARE(hrefs(doc),
                 QStringList({QStringLiteral("https://example.com/page"),
                              QStringLiteral("mailto:a@example.com"),
                              QStringLiteral("https://example.com/chart.png")}));
        const QString text = doc.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("[image: a chart]")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("[image: local]")));
        for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat f = it.fragment().charFormat();
                if (f.anchorHref() == QLatin1String("https://example.com/chart.png")) {
                    QCOMPARE(f.foreground().color(), link);
                    QCOMPARE(f.toolTip(),
                             plainToolTip(QStringLiteral("https://example.com/chart.png")));
                }
                if (f.anchorHref() == QLatin1String("https://example.com/page"))
                    QCOMPARE(f.toolTip(), plainToolTip(QStringLiteral("https://example.com/page")));
            }
        }
        // Without a scheme to keep, no image stays.
        QTextDocument other;
        other.setMarkdown(LinksAndImages, AnswerMarkdownFeatures);
        sanitizeAnswerDocument(other, {true, {}, {}});
        QCOMPARE(imageCount(other), 0);
    }
};

QTEST_MAIN(TstUtil)
#include "tst_util.moc"
