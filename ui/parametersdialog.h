#pragma once

#include "core/conversation.h"

#include <QDialog>

class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace squint {

/// The request parameters of new questions: a system prompt, the temperature and the most tokens an
/// answer may use. "Server default" leaves a parameter out of the request.
class ParametersDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ParametersDialog)
public:
    explicit ParametersDialog(const ChatParameters &parameters, QWidget *parent = nullptr);

    ChatParameters parameters() const;

private:
    ChatParameters m_initial;
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
};

} // namespace squint
