#pragma once

#include "core/catalog/catalog.h"
#include "core/chat/conversation.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
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
    /// The model the parameters go to: what it does not take is greyed out, with the reason beside it
    /// (a value already set is kept, and left out of its requests).
    void setModel(const QString &model, const ModelParameters &parameters);

private:
    ChatParameters m_initial;
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLabel *m_modelNote = nullptr;
};

} // namespace squint
