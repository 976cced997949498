#include "core/markup/editlist.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>

#include <array>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::EditList)
};

constexpr std::array<std::pair<Edit::Kind, const char *>, 7> kindNames{{
    {Edit::Kind::Crop, "crop"},
    {Edit::Kind::Rectangle, "rect"},
    {Edit::Kind::Arrow, "arrow"},
    {Edit::Kind::Callout, "callout"},
    {Edit::Kind::Text, "text"},
    {Edit::Kind::Redact, "redact"},
    {Edit::Kind::Pixelate, "pixelate"},
}};

// Coordinates beyond this are nonsense for any image Squint decodes; refusing them keeps the
// painter's arithmetic far from overflow.
constexpr int MaxCoordinate = 1 << 20;
constexpr qsizetype MaxJsonChars = 4 * 1024 * 1024;

QJsonArray ints(std::initializer_list<int> values)
{
    QJsonArray a;
    for (int v : values)
        a.append(v);
    return a;
}

bool readInts(const QJsonValue &v, int count, int *out)
{
    const QJsonArray a = v.toArray();
    if (a.size() != count)
        return false;
    for (int i = 0; i < count; ++i) {
        if (!a.at(i).isDouble())
            return false;
        const double d = a.at(i).toDouble();
        if (d < -MaxCoordinate || d > MaxCoordinate)
            return false;
        out[i] = int(d);
    }
    return true;
}
} // namespace

QString editKindName(Edit::Kind kind)
{
    for (const auto &[k, name] : kindNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

QString editListToJson(const EditList &edits)
{
    if (edits.isEmpty())
        return {};
    QJsonArray list;
    for (const Edit &e : edits) {
        QJsonObject o;
        o.insert(QStringLiteral("kind"), editKindName(e.kind));
        switch (e.kind) {
        case Edit::Kind::Crop:
        case Edit::Kind::Rectangle:
        case Edit::Kind::Redact:
        case Edit::Kind::Pixelate:
            o.insert(QStringLiteral("rect"),
                     ints({e.rect.x(), e.rect.y(), e.rect.width(), e.rect.height()}));
            break;
        case Edit::Kind::Arrow:
            o.insert(QStringLiteral("line"),
                     ints({e.line.x1(), e.line.y1(), e.line.x2(), e.line.y2()}));
            break;
        case Edit::Kind::Callout:
        case Edit::Kind::Text:
            o.insert(QStringLiteral("at"), ints({e.at.x(), e.at.y()}));
            break;
        }
        if (!e.text.isEmpty())
            o.insert(QStringLiteral("text"), e.text);
        if (e.kind != Edit::Kind::Crop && e.kind != Edit::Kind::Redact
            && e.kind != Edit::Kind::Pixelate)
            o.insert(QStringLiteral("color"), e.color.name(QColor::HexRgb));
        if (e.width > 0)
            o.insert(QStringLiteral("width"), e.width);
        if (e.blockSize > 0)
            o.insert(QStringLiteral("block"), e.blockSize);
        list.append(o);
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("edits"), list);
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

EditList editListFromJson(const QString &json, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return EditList();
    };
    if (json.trimmed().isEmpty())
        return {};
    if (json.size() > MaxJsonChars)
        return fail(Tr::tr("The edit list is too long."));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(Tr::tr("The edit list is not valid JSON."));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("version")).toInt() != 1)
        return fail(Tr::tr("The edit list was written by another version of Squint."));
    const QJsonArray list = root.value(QStringLiteral("edits")).toArray();
    if (list.size() > MaxEdits)
        return fail(Tr::tr("The edit list has more than %1 marks.").arg(MaxEdits));
    EditList out;
    out.reserve(list.size());
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        const QString kindName = o.value(QStringLiteral("kind")).toString();
        Edit e;
        bool known = false;
        for (const auto &[k, name] : kindNames)
            if (kindName == QLatin1String(name)) {
                e.kind = k;
                known = true;
            }
        if (!known)
            return fail(Tr::tr("Mark %1 is of an unknown kind.").arg(i + 1));
        int v[4] = {};
        bool ok = false;
        switch (e.kind) {
        case Edit::Kind::Crop:
        case Edit::Kind::Rectangle:
        case Edit::Kind::Redact:
        case Edit::Kind::Pixelate:
            ok = readInts(o.value(QStringLiteral("rect")), 4, v) && v[2] >= 0 && v[3] >= 0;
            e.rect = QRect(v[0], v[1], v[2], v[3]);
            break;
        case Edit::Kind::Arrow:
            ok = readInts(o.value(QStringLiteral("line")), 4, v);
            e.line = QLine(v[0], v[1], v[2], v[3]);
            break;
        case Edit::Kind::Callout:
        case Edit::Kind::Text:
            ok = readInts(o.value(QStringLiteral("at")), 2, v);
            e.at = QPoint(v[0], v[1]);
            break;
        }
        if (!ok)
            return fail(Tr::tr("Mark %1 has no valid position.").arg(i + 1));
        e.text = o.value(QStringLiteral("text")).toString();
        if (e.text.size() > MaxEditText)
            return fail(
                Tr::tr("Mark %1 has a text longer than %2 characters.").arg(i + 1).arg(MaxEditText));
        if (o.contains(QStringLiteral("color"))) {
            const QColor c = QColor::fromString(o.value(QStringLiteral("color")).toString());
            if (!c.isValid())
                return fail(Tr::tr("Mark %1 has an invalid colour.").arg(i + 1));
            e.color = c;
        }
        e.width = std::clamp(o.value(QStringLiteral("width")).toInt(), 0, 1000);
        e.blockSize = std::clamp(o.value(QStringLiteral("block")).toInt(), 0, 4096);
        out << e;
    }
    return out;
}

bool hasRedaction(const EditList &edits)
{
    return std::any_of(edits.begin(), edits.end(), [](const Edit &e) {
        return e.kind == Edit::Kind::Redact || e.kind == Edit::Kind::Pixelate;
    });
}

int calloutNumber(const EditList &edits, int index)
{
    if (index < 0 || index >= edits.size() || edits.at(index).kind != Edit::Kind::Callout)
        return 0;
    int n = 0;
    for (int i = 0; i <= index; ++i)
        n += edits.at(i).kind == Edit::Kind::Callout;
    return n;
}

QString calloutLegend(const EditList &edits)
{
    QStringList lines;
    int n = 0;
    for (const Edit &e : edits) {
        if (e.kind != Edit::Kind::Callout)
            continue;
        ++n;
        const QString text = e.text.simplified();
        if (!text.isEmpty())
            lines << QStringLiteral("%1: %2").arg(n).arg(text);
    }
    return lines.join(QLatin1Char('\n'));
}

int defaultStrokeWidth(QSize size)
{
    return std::max(2, std::max(size.width(), size.height()) / 300);
}

int defaultFontPixels(QSize size)
{
    return std::max(14, std::max(size.width(), size.height()) / 40);
}

int defaultBlockSize(QRect rect)
{
    return std::clamp(std::min(rect.width(), rect.height()) / 6, 8, 64);
}

namespace {

// Each block of `rect` becomes the average of its pixels: reads and writes every pixel once.
void pixelate(QImage &img, QRect rect, int block)
{
    rect = rect.intersected(img.rect());
    if (rect.isEmpty())
        return;
    block = std::max(2, block);
    for (int by = rect.top(); by <= rect.bottom(); by += block) {
        const int bh = std::min(block, rect.bottom() + 1 - by);
        for (int bx = rect.left(); bx <= rect.right(); bx += block) {
            const int bw = std::min(block, rect.right() + 1 - bx);
            quint64 r = 0, g = 0, b = 0;
            for (int y = by; y < by + bh; ++y) {
                const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
                for (int x = bx; x < bx + bw; ++x) {
                    r += qRed(line[x]);
                    g += qGreen(line[x]);
                    b += qBlue(line[x]);
                }
            }
            const quint64 n = quint64(bw) * bh;
            // Opaque: a transparent block would let the original's colour through in some viewers.
            const QRgb avg = qRgba(int(r / n), int(g / n), int(b / n), 255);
            for (int y = by; y < by + bh; ++y) {
                auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
                std::fill(line + bx, line + bx + bw, avg);
            }
        }
    }
}

void drawArrow(QPainter &p, const Edit &e, int width)
{
    const QLineF line(e.line);
    if (line.length() < 1)
        return;
    p.setPen(QPen(e.color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const double head = std::max(10.0, width * 4.0);
    const double angle = std::atan2(-line.dy(), line.dx());
    const QPointF tip = line.p2();
    const QPointF left = tip
                         - QPointF(std::cos(angle - M_PI / 7) * head,
                                   -std::sin(angle - M_PI / 7) * head);
    const QPointF right = tip
                          - QPointF(std::cos(angle + M_PI / 7) * head,
                                    -std::sin(angle + M_PI / 7) * head);
    p.drawLine(QLineF(line.p1(), tip - (tip - (left + right) / 2) * 0.5));
    QPainterPath path;
    path.moveTo(tip);
    path.lineTo(left);
    path.lineTo(right);
    path.closeSubpath();
    p.fillPath(path, e.color);
}

void drawCallout(QPainter &p, const Edit &e, int number, int fontPixels)
{
    const double radius = fontPixels * 0.9;
    const QRectF disc(e.at.x() - radius, e.at.y() - radius, 2 * radius, 2 * radius);
    p.setPen(QPen(Qt::white, std::max(1.0, radius / 8)));
    p.setBrush(e.color);
    p.drawEllipse(disc);
    QFont f;
    f.setPixelSize(fontPixels);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(disc, Qt::AlignCenter, QString::number(number));
}

void drawText(QPainter &p, const Edit &e, int fontPixels)
{
    if (e.text.isEmpty())
        return;
    QFont f;
    f.setPixelSize(fontPixels);
    f.setBold(true);
    p.setFont(f);
    const QFontMetrics fm(f);
    const QRect box = fm.boundingRect(QRect(e.at, QSize(1 << 16, 1 << 16)),
                                      Qt::AlignLeft | Qt::AlignTop,
                                      e.text);
    // A light halo keeps the text readable on any background.
    QPainterPath path;
    path.addText(box.left(), box.top() + fm.ascent(), f, e.text);
    p.strokePath(path, QPen(QColor(255, 255, 255, 220), std::max(2, fontPixels / 6)));
    p.fillPath(path, e.color);
}

} // namespace

QImage applyEdits(const QImage &original, const EditList &edits)
{
    if (original.isNull())
        return {};
    const bool alpha = original.hasAlphaChannel();
    // Painting works on a private copy in a 32-bit format: the caller's image is never touched.
    QImage img = original.convertToFormat(alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    img.setText({}, {}); // no text chunks carried over
    const int stroke = defaultStrokeWidth(img.size());
    const int fontPixels = defaultFontPixels(img.size());
    QRect crop;
    int callouts = 0;
    for (const Edit &e : edits) {
        switch (e.kind) {
        case Edit::Kind::Crop:
            crop = e.rect.normalized();
            break;
        case Edit::Kind::Redact: {
            // Direct writes, not a painter: every pixel in the rectangle becomes opaque black.
            const QRect r = e.rect.normalized().intersected(img.rect());
            for (int y = r.top(); y <= r.bottom() && !r.isEmpty(); ++y) {
                auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
                std::fill(line + r.left(), line + r.right() + 1, qRgba(0, 0, 0, 255));
            }
            break;
        }
        case Edit::Kind::Pixelate:
            pixelate(img,
                     e.rect.normalized(),
                     e.blockSize > 0 ? e.blockSize : defaultBlockSize(e.rect.normalized()));
            break;
        case Edit::Kind::Rectangle: {
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(QPen(e.color,
                          e.width > 0 ? e.width : stroke,
                          Qt::SolidLine,
                          Qt::SquareCap,
                          Qt::MiterJoin));
            p.setBrush(Qt::NoBrush);
            p.drawRect(e.rect.normalized());
            break;
        }
        case Edit::Kind::Arrow: {
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            drawArrow(p, e, e.width > 0 ? e.width : stroke);
            break;
        }
        case Edit::Kind::Callout: {
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            drawCallout(p, e, ++callouts, e.width > 0 ? e.width : fontPixels);
            break;
        }
        case Edit::Kind::Text: {
            QPainter p(&img);
            p.setRenderHint(QPainter::Antialiasing);
            drawText(p, e, e.width > 0 ? e.width : fontPixels);
            break;
        }
        }
    }
    if (!crop.isNull()) {
        const QRect r = crop.intersected(img.rect());
        if (!r.isEmpty())
            img = img.copy(r);
    }
    return img;
}

void EditHistory::push(const EditList &edits)
{
    m_states.resize(m_index + 1);
    m_states << edits;
    ++m_index;
}

void EditHistory::add(const Edit &edit)
{
    EditList next = current();
    if (next.size() >= MaxEdits)
        return;
    next << edit;
    push(next);
}

bool EditHistory::undo()
{
    if (!canUndo())
        return false;
    --m_index;
    return true;
}

bool EditHistory::redo()
{
    if (!canRedo())
        return false;
    ++m_index;
    return true;
}

void EditHistory::reset(const EditList &edits)
{
    m_states = {edits};
    m_index = 0;
}

} // namespace squint
