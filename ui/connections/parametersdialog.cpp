#include "ui/connections/parametersdialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace squint {

ParametersDialog::ParametersDialog(const ChatParameters &parameters, QWidget *parent)
    : QDialog(parent)
    , m_initial(parameters)
{
    setObjectName(QStringLiteral("parametersDialog"));
    setWindowTitle(tr("Request Parameters"));
    setAccessibleName(tr("Request Parameters"));
    setWindowModality(Qt::WindowModal);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("These go with every new question. Left at “Server default”, a parameter "
                                "is not sent and the server decides."),
                             this);
    intro->setObjectName(QStringLiteral("parametersIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_system = new QPlainTextEdit(this);
    m_system->setObjectName(QStringLiteral("systemPromptEdit"));
    m_system->setAccessibleName(tr("System prompt"));
    m_system->setPlaceholderText(tr("None: the model's own default behaviour"));
    m_system->setPlainText(parameters.system);
    m_system->setTabChangesFocus(true);
    form->addRow(tr("&System prompt:"), m_system);

    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_temperature->setAccessibleName(tr("Temperature"));
    m_temperature->setRange(-0.1, 2.0); // the minimum is the "Server default" special value
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setSpecialValueText(tr("Server default"));
    m_temperature->setValue(parameters.temperature < 0 ? -0.1 : parameters.temperature);
    m_temperature->setToolTip(tr("0 is the most predictable, 2 the most varied. Some reasoning models only take the default."));
    form->addRow(tr("&Temperature:"), m_temperature);

    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_maxTokens->setAccessibleName(tr("Most tokens per answer"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("Server default"));
    m_maxTokens->setValue(std::max(0, parameters.maxTokens));
    m_maxTokens->setToolTip(tr("Sent as max_tokens, or max_completion_tokens to OpenAI. On Databricks a large "
                               "value can be refused at once under pay-per-token rate limits."));
    form->addRow(tr("Most tokens per &answer:"), m_maxTokens);
    layout->addLayout(form);
    m_modelNote = new QLabel(this);
    m_modelNote->setObjectName(QStringLiteral("modelParametersNote"));
    m_modelNote->setAccessibleName(tr("What the model takes"));
    m_modelNote->setTextFormat(Qt::PlainText);
    m_modelNote->setWordWrap(true);
    m_modelNote->hide();
    layout->addWidget(m_modelNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("parametersButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 360);
}

void ParametersDialog::setModel(const QString &model, const ModelParameters &parameters)
{
    QStringList notes;
    m_temperature->setEnabled(parameters.sampling);
    if (!parameters.sampling) {
        const QString why = tr("%1 takes only its default temperature: none is sent.").arg(model);
        m_temperature->setToolTip(why);
        notes << why;
    } else {
        m_temperature->setToolTip(tr("0 is the most predictable, 2 the most varied. Some reasoning models only take the default."));
    }
    if (!parameters.tokenField.isEmpty()) {
        const QString how = tr("For %1 the limit is sent as %2.").arg(model, parameters.tokenField);
        m_maxTokens->setToolTip(how);
        notes << how;
    }
    m_modelNote->setText(notes.join(QLatin1Char(' ')));
    m_modelNote->setVisible(!notes.isEmpty());
}

ChatParameters ParametersDialog::parameters() const
{
    ChatParameters p = m_initial;
    p.system = m_system->toPlainText().trimmed();
    p.temperature = m_temperature->value() < 0 ? -1 : m_temperature->value();
    p.maxTokens = m_maxTokens->value();
    return p;
}

} // namespace squint
