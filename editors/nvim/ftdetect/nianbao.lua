-- *.nianbao files are annual reports (政府信息公开工作年度报告).
vim.filetype.add({ extension = { nianbao = 'nianbao' } })
