// The request parameters dialog: what the chosen model does not take is greyed out, and says why.
#include "core/catalog/catalog.h"
#include "ui/connections/parametersdialog.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QtTest>

using namespace squint;

class TestParametersDialog final : public QObject
{
    Q_OBJECT

private slots:
    void reasoningModelGreysOutTemperature();
    void ordinaryModelTakesEverything();
};

void TestParametersDialog::reasoningModelGreysOutTemperature()
{
    ChatParameters in;
    in.temperature = 0.5;
    in.maxTokens = 300;
    ParametersDialog dialog(in);
    dialog.setModel(QStringLiteral("gpt-5"), Catalog::builtIn().profileFor(QStringLiteral("gpt-5")).parameters);
    auto *temperature = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("temperatureSpin"));
    auto *maxTokens = dialog.findChild<QSpinBox *>(QStringLiteral("maxTokensSpin"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("modelParametersNote"));
    QVERIFY(temperature && maxTokens && note);
    QVERIFY(!temperature->isEnabled());
    QVERIFY2(temperature->toolTip().contains(QLatin1String("default temperature")), qPrintable(temperature->toolTip()));
    QVERIFY(maxTokens->isEnabled());
    QVERIFY2(maxTokens->toolTip().contains(QLatin1String("max_completion_tokens")), qPrintable(maxTokens->toolTip()));
    QVERIFY(!note->isHidden());
    QVERIFY2(note->text().contains(QLatin1String("gpt-5")), qPrintable(note->text()));
    QVERIFY(!note->accessibleName().isEmpty());
    // Nothing the user set is lost: the value stays, the request leaves it out.
    QCOMPARE(dialog.parameters().temperature, 0.5);
    QCOMPARE(dialog.parameters().maxTokens, 300);
}

void TestParametersDialog::ordinaryModelTakesEverything()
{
    ParametersDialog dialog(ChatParameters{});
    dialog.setModel(QStringLiteral("gpt-4o"), Catalog::builtIn().profileFor(QStringLiteral("gpt-4o")).parameters);
    auto *temperature = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("temperatureSpin"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("modelParametersNote"));
    QVERIFY(temperature && note);
    QVERIFY(temperature->isEnabled());
    QVERIFY(note->isHidden());
}

QTEST_MAIN(TestParametersDialog)
#include "tst_parametersdialog.moc"
