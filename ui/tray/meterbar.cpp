#include "ui/tray/meterbar.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOption>

namespace squint {

namespace {
constexpr int Permille = 1000;
} // namespace

MeterWidget::MeterWidget(QWidget *parent)
    : QProgressBar(parent)
{
    setRange(0, Permille);
    setValue(0);
    setTextVisible(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMeter({});
}

void MeterWidget::setMeter(const Meter &meter)
{
    m_meter = meter;

    if (meter.limit <= 0) {
        // The core's texts for limitless meters mostly say so already; say it where they don't.
        const QString noLimit = tr("no known limit");
        //: %1 is a meter reading such as "about 1,600 image tokens"; no limit is documented for it
        m_text = meter.text.contains(noLimit, Qt::CaseInsensitive) ? meter.text
                                                                    : tr("%1 (no known limit)").arg(meter.text);
    } else if (meter.level == Meter::Level::Over) {
        //: %1 is a meter reading such as "6 of 5 images"
        m_text = tr("%1 \u2014 over the limit").arg(meter.text);
    } else if (meter.level == Meter::Level::Near) {
        m_text = tr("%1 \u2014 near the limit").arg(meter.text);
    } else {
        m_text = meter.text;
    }

    int fill = 0;
    if (meter.limit > 0 && meter.value > 0) {
        const double fraction = double(meter.value) / double(meter.limit);
        fill = fraction >= 1.0 ? Permille : qBound(1, int(fraction * Permille), Permille);
    }
    setValue(fill);

    QString description = meter.text % QLatin1String(". ") % levelWords(meter) % QLatin1Char('.');
    if (meter.estimate)
        description += QLatin1Char(' ') % tr("Some figures are still estimates.");
    setAccessibleDescription(description);
    setToolTip(meter.estimate ? tr("%1\nSome figures are estimates until every image is read and prepared.")
                                    .arg(m_text)
                              : m_text);
    update();
}

QString MeterWidget::text() const
{
    return m_text;
}

QString MeterWidget::levelWords(const Meter &meter)
{
    if (meter.limit <= 0)
        return tr("No known limit");
    switch (meter.level) {
    case Meter::Level::Over:
        return tr("Over the limit");
    case Meter::Level::Near:
        return tr("Near the limit");
    case Meter::Level::Ok:
        break;
    }
    return tr("Within the limit");
}

QColor MeterWidget::levelColor(const Meter &meter)
{
    if (meter.limit <= 0)
        return QColor(0x75, 0x75, 0x75);
    switch (meter.level) {
    case Meter::Level::Over:
        return QColor(0xc6, 0x28, 0x28);
    case Meter::Level::Near:
        return QColor(0xef, 0x8f, 0x00);
    case Meter::Level::Ok:
        break;
    }
    return QColor(0x2e, 0x7d, 0x32);
}

QSize MeterWidget::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(m_text) + 24, fm.height() + 10};
}

QSize MeterWidget::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {80, fm.height() + 10};
}

void MeterWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);

    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal radius = 4;
    const QColor level = levelColor(m_meter);

    QPainterPath clip;
    clip.addRoundedRect(frame, radius, radius);
    p.fillPath(clip, palette().color(QPalette::Base));

    // A translucent fill keeps the text readable on light and dark palettes alike.
    if (value() > 0) {
        QColor tint = level;
        tint.setAlpha(m_meter.level == Meter::Level::Ok ? 80 : 120);
        QRectF filled = frame;
        filled.setWidth(frame.width() * value() / Permille);
        p.save();
        p.setClipPath(clip);
        p.fillRect(filled, tint);
        p.restore();
    }

    // A solid stripe on the left carries the level colour at full strength.
    p.save();
    p.setClipPath(clip);
    p.fillRect(QRectF(frame.left(), frame.top(), 4, frame.height()), level);
    p.restore();

    p.setPen(QPen(m_meter.level == Meter::Level::Over && m_meter.limit > 0 ? level
                                                                           : palette().color(QPalette::Mid),
                  1));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(frame, radius, radius);

    QFont f = font();
    if (m_meter.level == Meter::Level::Over && m_meter.limit > 0)
        f.setBold(true);
    p.setFont(f);
    p.setPen(palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::Text));
    const QRect textRect = rect().adjusted(10, 0, -6, 0);
    const QString shown = QFontMetrics(f).elidedText(m_text, Qt::ElideRight, textRect.width());
    p.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, shown);
}

MeterBar::MeterBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("meterBar"));
    setAccessibleName(tr("Request Meters"));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);

    // The meter texts name what they measure ("Images: 3 of 5"), so the bars need no captions.
    auto addMeter = [this, grid](const QString &objectName, const QString &name) {
        auto *meter = new MeterWidget(this);
        meter->setObjectName(objectName);
        meter->setAccessibleName(name);
        grid->addWidget(meter, grid->rowCount(), 0);
        return meter;
    };
    m_count = addMeter(QStringLiteral("countMeter"), tr("Image count"));
    m_payload = addMeter(QStringLiteral("payloadMeter"), tr("Request size"));
    m_tokens = addMeter(QStringLiteral("tokenMeter"), tr("Estimated image tokens"));

    m_notes = new QLabel(this);
    m_notes->setObjectName(QStringLiteral("evaluationNotesLabel"));
    m_notes->setAccessibleName(tr("Notes on the request"));
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    QFont small = m_notes->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_notes->setFont(small);
    m_notes->hide();
    grid->addWidget(m_notes, grid->rowCount(), 0);
}

void MeterBar::setEvaluation(const Evaluation &evaluation)
{
    m_count->setMeter(evaluation.count);
    m_payload->setMeter(evaluation.payload);
    m_tokens->setMeter(evaluation.tokens);
    m_notes->setText(evaluation.notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!evaluation.notes.isEmpty());
}

} // namespace squint
