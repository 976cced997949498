#pragma once

#include "core/compose/evaluation.h"

#include <QProgressBar>
#include <QWidget>

class QLabel;

namespace squint {

/// One meter: a bar filled to value / limit, coloured by level, with the meter text inside. The
/// level is also spelt out (a suffix in the text and the accessible description), so it does not
/// rely on colour. A QProgressBar underneath so assistive technology sees a progress indicator.
class MeterWidget final : public QProgressBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MeterWidget)
public:
    explicit MeterWidget(QWidget *parent = nullptr);

    void setMeter(const Meter &meter);
    const Meter &meter() const { return m_meter; }

    /// What the bar shows: the meter text plus the level in words where it matters.
    QString text() const override;

    /// "Within the limit", "Near the limit", "Over the limit" or "No known limit".
    static QString levelWords(const Meter &meter);
    /// Level colour (green, amber, red); grey when there is no limit.
    static QColor levelColor(const Meter &meter);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Meter m_meter;
    QString m_text;
};

/// The three meters of the request (images, request size, tokens) and the evaluation's notes.
class MeterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MeterBar)
public:
    explicit MeterBar(QWidget *parent = nullptr);

    void setEvaluation(const Evaluation &evaluation);

    MeterWidget *countMeter() const { return m_count; }
    MeterWidget *payloadMeter() const { return m_payload; }
    MeterWidget *tokenMeter() const { return m_tokens; }

private:
    MeterWidget *m_count = nullptr;
    MeterWidget *m_payload = nullptr;
    MeterWidget *m_tokens = nullptr;
    QLabel *m_notes = nullptr;
};

} // namespace squint
