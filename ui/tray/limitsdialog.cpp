#include "ui/tray/limitsdialog.h"

#include "core/util/settings.h"
#include "core/compose/composer.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace squint {

namespace {
constexpr double BytesPerMB = 1e6;
constexpr int MaxSpin = 1'000'000'000;
} // namespace

// ---------------------------------------------------------------------------------------------
// ByteSpinBox

ByteSpinBox::ByteSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(6);
    setRange(0, 1e6); // up to 1 TB
    setSingleStep(1);
    setSuffix(tr(" MB"));
    setSpecialValueText(tr("No limit"));
    setGroupSeparatorShown(false);
}

qint64 ByteSpinBox::bytes() const
{
    return qRound64(value() * BytesPerMB);
}

void ByteSpinBox::setBytes(qint64 bytes)
{
    setValue(double(bytes) / BytesPerMB);
}

QString ByteSpinBox::textFromValue(double value) const
{
    QString text = locale().toString(value, 'f', decimals());
    text.remove(locale().groupSeparator());
    const QString point = locale().decimalPoint();
    if (text.contains(point)) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// LimitsDialog

LimitsDialog::LimitsDialog(Composer *composer, QWidget *parent)
    : QDialog(parent)
    , m_composer(composer)
    , m_endpoint(composer->modelName())
{
    setObjectName(QStringLiteral("limitsDialog"));
    setWindowTitle(tr("Model Limits"));
    setAccessibleName(tr("Model Limits"));
    setAccessibleDescription(tr("Limits Squint checks for %1, where each figure comes from, and your overrides.")
                                 .arg(m_endpoint));

    // The catalog's own figures (no overrides) and what the user overrode for this endpoint.
    const ModelProfile catalogProfile = composer->catalog().profileFor(m_endpoint);
    const QHash<QString, qint64> saved =
        composer->settings() ? composer->settings()->limitOverrides(m_endpoint) : QHash<QString, qint64>();

    auto *header = new QLabel(this);
    header->setObjectName(QStringLiteral("limitsHeaderLabel"));
    header->setTextFormat(Qt::RichText);
    header->setWordWrap(true);
    header->setText(tr("<b>%1</b><br>%2").arg(m_endpoint.toHtmlEscaped(), catalogProfile.displayName.toHtmlEscaped()));

    auto *intro = new QLabel(tr("Squint checks these limits before anything is sent. The figures come from the "
                                "model catalog; tick Override to use your own. Zero means no limit."),
                             this);
    intro->setObjectName(QStringLiteral("limitsIntroLabel"));
    intro->setWordWrap(true);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->addWidget(new QLabel(tr("<b>Limit</b>"), this), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Value</b>"), this), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Override</b>"), this), 0, 2);
    grid->addWidget(new QLabel(tr("<b>Source</b>"), this), 0, 3);

    struct Spec
    {
        const char *field;
        QString label;
        QString help;
        enum Kind { Count, Bytes, Pixels } kind;
    };
    const ModelLimits &l = catalogProfile.limits;
    const QList<Spec> specs = {
        {LimitField::MaxImages, tr("Images per request"), tr("How many images one request may hold."), Spec::Count},
        {LimitField::MaxRequestBytes, tr("Request size"), tr("The whole request body, images as base64 included."),
         Spec::Bytes},
        {LimitField::MaxImageBytes, tr("Size per image"), tr("One image, measured as base64 (the stricter reading)."),
         Spec::Bytes},
        {LimitField::MaxPixelsPerSide, tr("Pixels per side"), tr("Largest width or height an image may have."),
         Spec::Pixels},
        {LimitField::RecommendedLongEdge, tr("Fit to Model long edge"),
         tr("The long edge Fit to Model scales images down to."), Spec::Pixels},
    };
    const QHash<QString, qint64> catalogValues = {
        {QLatin1String(LimitField::MaxImages), l.maxImages},
        {QLatin1String(LimitField::MaxRequestBytes), l.maxRequestBytes},
        {QLatin1String(LimitField::MaxImageBytes), l.maxImageBytes},
        {QLatin1String(LimitField::MaxPixelsPerSide), l.maxPixelsPerSide},
        {QLatin1String(LimitField::RecommendedLongEdge), l.recommendedLongEdge},
    };

    int row = 1;
    for (const Spec &spec : specs) {
        Field f;
        f.name = QLatin1String(spec.field);
        f.catalogValue = catalogValues.value(f.name);

        auto *label = new QLabel(spec.label, this);
        label->setToolTip(spec.help);

        if (spec.kind == Spec::Bytes) {
            f.editor = new ByteSpinBox(this);
        } else {
            auto *spin = new QSpinBox(this);
            spin->setRange(0, MaxSpin);
            spin->setSpecialValueText(tr("No limit"));
            if (spec.kind == Spec::Pixels)
                spin->setSuffix(tr(" px"));
            f.editor = spin;
        }
        f.editor->setObjectName(f.name + QLatin1String("Editor"));
        f.editor->setAccessibleName(spec.label);
        f.editor->setAccessibleDescription(spec.help);
        f.editor->setToolTip(spec.help);
        label->setBuddy(f.editor);

        f.check = new QCheckBox(tr("Override"), this);
        f.check->setObjectName(f.name + QLatin1String("OverrideCheck"));
        f.check->setAccessibleName(tr("Override %1").arg(spec.label));

        const QString tags = catalogProfile.sources.value(f.name);
        auto *source = new QLabel(tags.isEmpty() ? tr("unknown") : tags, this);
        source->setObjectName(f.name + QLatin1String("SourceLabel"));
        source->setToolTip(sourceTooltip(tags));
        source->setAccessibleName(tr("Source of %1").arg(spec.label));
        source->setAccessibleDescription(sourceTooltip(tags));

        const bool overridden = saved.contains(f.name);
        setEditorValue(f, overridden ? saved.value(f.name) : f.catalogValue);
        f.check->setChecked(overridden);
        f.editor->setEnabled(overridden);

        connect(f.check, &QCheckBox::toggled, this, [f](bool on) {
            f.editor->setEnabled(on);
            if (!on)
                setEditorValue(f, f.catalogValue);
        });

        grid->addWidget(label, row, 0);
        grid->addWidget(f.editor, row, 1);
        grid->addWidget(f.check, row, 2);
        grid->addWidget(source, row, 3);
        m_fields << f;
        ++row;
    }
    grid->setColumnStretch(1, 1);

    // Read-only facts that come with the limits.
    QStringList facts;
    QStringList formats;
    for (const QString &format : l.formats)
        formats << format.toUpper();
    facts << tr("Accepted formats: %1").arg(formats.isEmpty() ? tr("unknown") : formats.join(QLatin1String(", ")));
    if (l.manyImagesThreshold > 0 && l.manyImagesMaxPixelsPerSide > 0)
        facts << tr("With more than %1 images, at most %2 px per side.")
                     .arg(l.manyImagesThreshold)
                     .arg(l.manyImagesMaxPixelsPerSide);
    auto *factsLabel = new QLabel(facts.join(QLatin1Char('\n')), this);
    factsLabel->setObjectName(QStringLiteral("limitsFactsLabel"));
    factsLabel->setWordWrap(true);
    factsLabel->setToolTip(sourceTooltip(catalogProfile.sources.value(QStringLiteral("formats"))));

    auto *notes = new QLabel(catalogProfile.notes.join(QLatin1Char('\n')), this);
    notes->setObjectName(QStringLiteral("limitsNotesLabel"));
    notes->setWordWrap(true);
    notes->setVisible(!catalogProfile.notes.isEmpty());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                             | QDialogButtonBox::RestoreDefaults,
                                         this);
    buttons->setObjectName(QStringLiteral("limitsButtonBox"));
    QPushButton *reset = buttons->button(QDialogButtonBox::RestoreDefaults);
    reset->setText(tr("Reset to Catalog"));
    reset->setObjectName(QStringLiteral("resetToCatalogButton"));
    reset->setToolTip(tr("Untick every override; OK then saves the catalog's figures"));
    connect(reset, &QPushButton::clicked, this, &LimitsDialog::resetToCatalog);
    connect(buttons, &QDialogButtonBox::accepted, this, &LimitsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LimitsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(intro);
    layout->addLayout(grid);
    layout->addWidget(factsLabel);
    layout->addWidget(notes);
    layout->addStretch(1);
    layout->addWidget(buttons);
}

QString LimitsDialog::sourceTooltip(const QString &tags) const
{
    QStringList lines;
    const QStringList list = tags.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    for (const QString &tag : list)
        lines << tr("[%1] %2").arg(tag, m_composer->catalog().sourceText(tag));
    return lines.join(QLatin1Char('\n'));
}

qint64 LimitsDialog::editorValue(const Field &field)
{
    if (auto *bytes = qobject_cast<ByteSpinBox *>(field.editor))
        return bytes->bytes();
    if (auto *spin = qobject_cast<QSpinBox *>(field.editor))
        return spin->value();
    return 0;
}

void LimitsDialog::setEditorValue(const Field &field, qint64 value)
{
    if (auto *bytes = qobject_cast<ByteSpinBox *>(field.editor))
        bytes->setBytes(value);
    else if (auto *spin = qobject_cast<QSpinBox *>(field.editor))
        spin->setValue(int(qBound<qint64>(0, value, qint64(MaxSpin))));
}

QHash<QString, qint64> LimitsDialog::overrides() const
{
    QHash<QString, qint64> map;
    for (const Field &f : m_fields) {
        if (f.check->isChecked())
            map.insert(f.name, editorValue(f));
    }
    return map;
}

void LimitsDialog::resetToCatalog()
{
    for (const Field &f : std::as_const(m_fields)) {
        f.check->setChecked(false);
        setEditorValue(f, f.catalogValue);
        f.editor->setEnabled(false);
    }
}

void LimitsDialog::accept()
{
    if (Settings *settings = m_composer->settings()) {
        settings->setLimitOverrides(m_endpoint, overrides());
        m_composer->reloadProfile();
    }
    QDialog::accept();
}

} // namespace squint
