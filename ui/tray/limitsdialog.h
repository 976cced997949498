#pragma once

#include <QDialog>
#include <QDoubleSpinBox>
#include <QHash>

class QAbstractSpinBox;
class QCheckBox;
class QLabel;

namespace squint {

class Composer;

/// Byte sizes edited in megabytes (10^6 bytes) with six decimals, so every byte count is exact;
/// trailing zeros are not shown ("10 MB", "5.24288 MB").
class ByteSpinBox final : public QDoubleSpinBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ByteSpinBox)
public:
    explicit ByteSpinBox(QWidget *parent = nullptr);
    qint64 bytes() const;
    void setBytes(qint64 bytes);

protected:
    QString textFromValue(double value) const override;
};

/// The limits Squint checks for the current endpoint, each with where its figure comes from, and
/// per-field overrides the user can set. OK stores the overrides in Settings and reloads the profile.
class LimitsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LimitsDialog)
public:
    explicit LimitsDialog(Composer *composer, QWidget *parent = nullptr);

    /// The overrides OK would save: field (LimitField) -> value.
    QHash<QString, qint64> overrides() const;
    /// Unticks every override and shows the catalog's figures again.
    void resetToCatalog();

    void accept() override;

private:
    struct Field
    {
        QString name;
        QCheckBox *check = nullptr;
        QAbstractSpinBox *editor = nullptr;
        qint64 catalogValue = 0;
    };
    static qint64 editorValue(const Field &field);
    static void setEditorValue(const Field &field, qint64 value);
    QString sourceTooltip(const QString &tags) const;

    Composer *m_composer = nullptr;
    QString m_endpoint;
    QList<Field> m_fields;
};

} // namespace squint
