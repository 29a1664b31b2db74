"""A 2027 holiday schedule as the State Council notice would give it (a test notice), for tests that
enter a year: 元旦 and a Spring Festival with bridge days and one worked Saturday."""

import datetime as dt

NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕99号（测试用）"
HOLIDAYS_2027 = [
    (dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦"),
    (dt.date(2027, 2, 5), dt.date(2027, 2, 13), "春节"),
]
WORKDAYS_2027 = [(dt.date(2027, 2, 20), "春节调休上班")]
