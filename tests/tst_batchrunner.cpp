#include <QTest>
class Placeholder : public QObject { Q_OBJECT private slots: void todo() {} };
QTEST_GUILESS_MAIN(Placeholder)
#include "tst_batchrunner.moc"
